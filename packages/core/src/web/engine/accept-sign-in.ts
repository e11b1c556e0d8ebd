import type { PatronSession } from '../../patrons/patron-session.js';
import type { SetCookie } from '../cookies.js';
import { attachCookies } from '../error-cookies.js';
import { decideSignIn } from '../sign-in-decision.js';
import type { EngineSetup } from './engine-setup.js';
import { type Patron, patronFromSession } from './patron.js';
import type { SignedIn } from './signed-in.js';
import type { WebProvider } from './web-provider.js';

/** A sign-in the application let through: its patron (with the mapped user), where to go, cookies to write. */
export interface AcceptedSignIn {
  provider: WebProvider;
  session: PatronSession;
  /** The patron, with `user` as the `signIn` callback mapped it. */
  patron: Patron;
  returnTo: string;
  /** The verified sign-in's own cookies (a used transaction, cleared); no session cookie. */
  cookies: SetCookie[];
}

/**
 * Puts a verified sign-in to the application's `signIn` callback (see `SignInCallbackResult`) before any
 * session cookie is written. Refused, or if the callback throws, the new session is deleted from the
 * store (its tokens must not stay behind) and the error is thrown with the cookies still to write.
 * Allowed, the mapped user is kept beside the session. Establishing the session in the browser is the
 * caller's next step (`EngineRequest.signIn`, or Passport's own `req.logIn`).
 */
export async function acceptSignIn<Req>(
  setup: EngineSetup<Req>,
  signedIn: SignedIn,
  req: Req,
): Promise<AcceptedSignIn> {
  const { provider, session } = signedIn;
  const callback = setup.hooks.callbacks.signIn;
  let decision: ReturnType<typeof decideSignIn>;
  try {
    const answer = callback
      ? await callback({ patron: patronFromSession(provider.name, session), provider: provider.name, req })
      : true;
    decision = decideSignIn(answer, provider.descriptor.id);
    if (!decision.allowed) throw decision.error;
    await setup.users.save(session, decision.user);
  } catch (error) {
    await Promise.all([provider.auth.logout(session.id), setup.users.delete(session.id)]);
    throw attachCookies(error, signedIn.cookies);
  }
  return {
    provider,
    session,
    patron: patronFromSession(provider.name, session, decision.user),
    returnTo: decision.redirectTo ?? signedIn.returnTo,
    cookies: signedIn.cookies,
  };
}
