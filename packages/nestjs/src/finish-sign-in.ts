import { acceptSignIn, emitEvent, SIGN_IN_HEADERS, type SignedIn } from '@ils-auth/core/web';
import { Logger } from '@nestjs/common';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import type { IlsAuthSetup } from './options.js';
import type { Patron } from './patron.js';
import { patronFromSession } from './patron-session.js';
import { addPatron, loadPatrons } from './request-patrons.js';
import { toWebRequest } from './web-request.js';
import { appendCookies, setHeaders } from './web-response.js';

/**
 * After the provider accepted the patron: the app's `signIn` callback decides (core deletes the session if
 * it refuses), the session joins the browser's others (core ends the one it held with this provider: no
 * fixation), `req.patron`, `req.patrons` and `req.authInfo` are set, and the `signIn` event is told.
 */
export async function finishSignIn(
  setup: IlsAuthSetup,
  req: IlsAuthRequest,
  res: IlsAuthPlatformResponse,
  signedIn: SignedIn,
): Promise<Patron> {
  const { web, callbacks, events } = setup;
  const provider = signedIn.provider.name;
  const { signIn } = callbacks;
  // The browser's other sessions, read before this sign-in replaces the one it held with this provider.
  await loadPatrons(setup, req);
  const accepted = await acceptSignIn(
    web,
    toWebRequest(req),
    signedIn,
    signIn && (() => signIn({ patron: patronFromSession(provider, signedIn.session), provider, req })),
  );
  appendCookies(res, accepted.cookies);
  setHeaders(res, SIGN_IN_HEADERS);
  const patron = patronFromSession(provider, signedIn.session, accepted.user);
  addPatron(setup, req, patron);
  req.authInfo = { provider, returnTo: accepted.returnTo };
  await emitEvent(events.signIn, { patron, provider, req }, eventErrors(setup));
  return patron;
}

const logger = new Logger('IlsAuth');

/** Where an event handler's error goes: `events.error`, else one line through Nest's `Logger`. */
export function eventErrors({ events }: IlsAuthSetup): (error: unknown) => void {
  return (
    events.error ??
    ((error: unknown) =>
      logger.error(`an event handler failed: ${error instanceof Error ? error.message : String(error)}`))
  );
}
