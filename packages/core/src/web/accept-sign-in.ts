import type { SetCookie } from './cookies.js';
import { attachCookies } from './error-cookies.js';
import { decideSignIn } from './sign-in-decision.js';
import type { SignedIn, WebAuth } from './web-auth.js';
import type { WebRequest } from './web-request.js';

/** A sign-in the application let through: the cookies to write, where to go, and its user, if it mapped one. */
export interface AcceptedSignIn {
  cookies: SetCookie[];
  returnTo: string;
  user: unknown;
}

/**
 * Puts a finished sign-in to the application's `signIn` callback (see `SignInCallbackResult`) before any
 * session cookie is written. Refused, or if the callback throws, the new session is deleted from the
 * store (its tokens must not stay behind) and the error is thrown with the cookies still to write.
 * Allowed, the session starts (see `WebAuth.startSession`) and the mapped user is kept beside it.
 */
export async function acceptSignIn(
  web: WebAuth,
  request: WebRequest,
  signedIn: SignedIn,
  callback: (() => unknown) | undefined,
): Promise<AcceptedSignIn> {
  const { provider, session } = signedIn;
  let decision: ReturnType<typeof decideSignIn>;
  try {
    decision = decideSignIn(callback ? await callback() : true, provider.descriptor.id);
    if (!decision.allowed) throw decision.error;
    await web.users.save(session, decision.user);
  } catch (error) {
    await Promise.all([provider.auth.logout(session.id), web.users.delete(session.id)]);
    throw attachCookies(error, signedIn.cookies);
  }
  return {
    cookies: await web.startSession(request, signedIn),
    returnTo: decision.redirectTo ?? signedIn.returnTo,
    user: decision.user,
  };
}
