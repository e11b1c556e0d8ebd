import type { WebAuthOptions } from '@ils-auth/core/web';
import { invalidOption, isLocalPath, refuseUnknownOptions } from '@ils-auth/core/web';
import { HOOK_OPTION_NAMES, type IlsAuthCallbacks, type IlsAuthEvents } from './sign-in-hooks.js';

export type {
  ProviderSettings,
  SignInMethod,
  ThrottleLimit,
  ThrottleOptions,
} from '@ils-auth/core/web';

/**
 * `ilsAuth()`'s options: the web layer's shared options (`providers`, `secret`, `store`, `origin`,
 * `allowedHosts`, `trustedOrigins`, `cookieName`, `secureCookies`, `defaultReturnTo`, `throttle`,
 * `transactionMaxAgeSeconds`, `clientOptions`), checked by core, and the two that only a router has.
 */
export interface IlsAuthOptions<User = unknown> extends WebAuthOptions {
  /** Path prefix of the routes. Default `/auth`. */
  basePath?: string;
  /** Where a page is sent after sign-out when no valid `returnTo` was given. Default `/`. */
  afterLogout?: string;
  /** `signIn`: map the patron to your user, refuse them, or choose where they go. */
  callbacks?: IlsAuthCallbacks<User>;
  /** `signIn`, `signOut`: told after the fact, with `patron.user` typed as the callback's `user`. */
  events?: IlsAuthEvents<User>;
}

export const ROUTER_OPTION_NAMES = ['basePath', 'afterLogout', ...HOOK_OPTION_NAMES] as const;

export interface RouterOptions {
  basePath: string;
  afterLogout: string;
  callbacks: IlsAuthCallbacks;
  events: IlsAuthEvents;
}

/** Checks the router's own options; core checks every other one (and refuses unknown keys). */
export function resolveRouterOptions(options: IlsAuthOptions): RouterOptions {
  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))
    throw invalidOption('ilsAuth', 'basePath', 'must be a path like "/auth" (no trailing slash)');
  const afterLogout = options.afterLogout ?? '/';
  if (!isLocalPath(afterLogout)) throw invalidOption('ilsAuth', 'afterLogout', 'must be a path on this site');
  return {
    basePath,
    afterLogout,
    callbacks: functionsOf('callbacks', options.callbacks, ['signIn']),
    events: functionsOf('events', options.events, ['signIn', 'signOut', 'error']),
  };
}

/** An object of hook functions, with no other key (a misspelt `signin` must not be ignored). */
function functionsOf<T extends object>(option: string, value: T | undefined, names: readonly string[]): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null)
    throw invalidOption('ilsAuth', option, `must be an object of functions (${names.join(', ')})`);
  refuseUnknownOptions('ilsAuth', value, names, `${option}.`);
  for (const [name, hook] of Object.entries(value)) {
    if (hook !== undefined && typeof hook !== 'function')
      throw invalidOption('ilsAuth', `${option}.${name}`, 'must be a function');
  }
  return value;
}
