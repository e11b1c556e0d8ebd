import { mustSignInAgain } from '../../errors/http-status.js';
import { isIlsAuthError } from '../../errors/ils-auth-error.js';
import type { EngineRequest } from './engine-request.js';
import { signInLocation, signInProvider } from './sign-in-location.js';
import { signInRedirect, type WebRedirect } from './web-redirect.js';

/**
 * A page's answer to an error that ended the patron's session (tokens refused for good, a session found
 * over): the session ends in the store and leaves the cookie, and the browser goes to sign in again
 * with the provider whose session ended (the last one, else the patron's) and back to `returnTo`.
 * Undefined for any other error, and when no provider offers sign-in: answer the error then.
 */
export async function signInAgain<Req>(
  state: EngineRequest<Req>,
  error: unknown,
  routesPath: string,
  returnTo: string,
): Promise<WebRedirect | undefined> {
  if (!isIlsAuthError(error) || !mustSignInAgain(error)) return undefined;
  const name = state.ended.at(-1) ?? state.patron?.provider;
  let location: string;
  try {
    location = signInLocation(signInProvider(state.setup, name), routesPath, returnTo);
  } catch {
    return undefined;
  }
  return signInRedirect(302, location, await state.endSessions(name));
}
