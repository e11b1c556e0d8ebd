import { SIGN_IN_HEADERS, type SignedIn, type WebAuth } from '@ils-auth/core/web';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { type Patron, patronFromSession } from './patron.js';
import { toWebRequest } from './web-request.js';
import { appendCookies, setHeaders } from './web-response.js';

/**
 * Makes a finished sign-in the request's patron: core ends the session the browser held before (an id
 * planted before sign-in is worth nothing after) and gives the new cookie; the answer is not to be cached.
 */
export async function startSession(
  web: WebAuth,
  req: IlsAuthRequest,
  res: IlsAuthResponse,
  signedIn: SignedIn,
): Promise<Patron> {
  appendCookies(res, await web.startSession(toWebRequest(req), signedIn));
  setHeaders(res, SIGN_IN_HEADERS);
  const patron = patronFromSession(signedIn.provider.name, signedIn.session);
  req.patron = patron;
  req.user = patron;
  return patron;
}
