import { mustSignInAgain } from '../../errors/http-status.js';
import { isIlsAuthError } from '../../errors/ils-auth-error.js';
import { safeReturnTo } from '../return-to.js';
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

/**
 * For an API's JSON answer (`loginUrl`): where the patron whose session ended during this request signs in
 * again, back to this request's own path. Undefined when no session ended or its provider has no sign-in;
 * nothing is ended here (the engine already ended that session).
 */
export function signInAgainLocation<Req>(state: EngineRequest<Req>, routesPath: string): string | undefined {
  const name = state.ended.at(-1);
  const provider = name === undefined ? undefined : state.setup.providers.get(name);
  if (!provider?.signIn) return undefined;
  return signInLocation(provider, routesPath, safeReturnTo(state.request.url, '/'));
}
