import type { Patron, SignedIn } from '@ils-auth/core/web';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import type { IlsAuthSetup } from './options.js';
import { engineRequestOf, syncPatrons } from './request-patrons.js';
import { appendCookies, setHeaders } from './web-response.js';

/**
 * The engine finishes a verified sign-in (callback, session cookie, event); this writes its cookies and
 * `Cache-Control: no-store`, sets `req.patron`, `req.patrons`, `req.user` and `req.authInfo`.
 */
export async function finishSignIn(
  setup: IlsAuthSetup,
  req: IlsAuthRequest,
  res: IlsAuthPlatformResponse,
  signedIn: SignedIn,
): Promise<Patron> {
  const state = engineRequestOf(setup, req);
  const { patron, redirect } = await state.signIn(signedIn);
  appendCookies(res, redirect.cookies);
  setHeaders(res, redirect.headers);
  syncPatrons(req, state);
  req.authInfo = { provider: patron.provider, returnTo: redirect.location };
  return patron;
}
