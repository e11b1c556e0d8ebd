import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { withQuery } from '../return-to.js';
import { type EngineSetup, providerNamed } from './engine-setup.js';
import type { WebProvider } from './web-provider.js';

/** The provider a sign-in goes to when none is named: the first one patrons can sign in with. */
export function signInProvider(setup: EngineSetup, name?: string): WebProvider {
  if (name !== undefined) return providerNamed(setup, name);
  for (const provider of setup.providers.values()) if (provider.signIn) return provider;
  throw new IlsAuthError('config_invalid', 'no provider offers patron sign-in', { retryable: false });
}

/**
 * The provider whose sign-in routes `user` (a guard, a route: `IlsLoginGuard("card")`) serves, checked when
 * the app starts so a misspelt name or a provider without patron sign-in stops it there, naming both.
 */
export function signInRoutesProvider(setup: EngineSetup, name: string, user: string): WebProvider {
  const provider = typeof name === 'string' ? setup.providers.get(name) : undefined;
  if (provider?.signIn) return provider;
  const known = [...setup.providers.values()].flatMap((each) => (each.signIn ? [each.name] : []));
  throw new IlsAuthError(
    'config_invalid',
    `${user}: no such provider with sign-in in ${setup.owner} (${known.join(', ')})`,
    { retryable: false },
  );
}

/**
 * Where a patron signs in with `provider`, coming back to `returnTo`: the PIN form's page when the
 * application has one (`loginPage`), else the adapter's login route `<routesPath>/<name>/login`.
 */
export function signInLocation(provider: WebProvider, routesPath: string, returnTo?: string): string {
  const path =
    provider.signIn === 'pin' && provider.loginPage
      ? provider.loginPage
      : `${routesPath}/${provider.name}/login`;
  return returnTo === undefined ? path : withQuery(path, 'returnTo', returnTo);
}
