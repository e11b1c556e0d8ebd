import { type EngineOptions, type IlsAuthEngine, invalidOption, isLocalPath } from '@ils-auth/core/web';
import type { Request } from 'express';

export type { ProviderSettings, SignInMethod, ThrottleLimit, ThrottleOptions } from '@ils-auth/core/web';

/**
 * `ilsAuth()`'s options: the engine's (`providers`, `secret`, `store`, `origin`, `allowedHosts`,
 * `trustedOrigins`, `cookieName`, `secureCookies`, `defaultReturnTo`, `throttle`,
 * `transactionMaxAgeSeconds`, `clientOptions`, `failureRedirect`, `callbacks`, `events`), checked by core,
 * and the two that only a router has.
 */
export interface IlsAuthOptions<User = unknown> extends EngineOptions<User, Request> {
  /** Path prefix of the routes. Default `/auth`. */
  basePath?: string;
  /** Where a page is sent after sign-out when no valid `returnTo` was given. Default `/`. */
  afterLogout?: string;
}

export const ROUTER_OPTION_NAMES = ['basePath', 'afterLogout'] as const;

/** What `ilsAuth()` builds once and every route shares: core's engine and the router's own options. */
export interface RouterContext {
  readonly engine: IlsAuthEngine<Request>;
  readonly basePath: string;
  readonly afterLogout: string;
}

/** Checks the router's own options; core checks every other one (and refuses unknown keys). */
export function routerContext(engine: IlsAuthEngine<Request>, options: IlsAuthOptions): RouterContext {
  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))
    throw invalidOption('ilsAuth', 'basePath', 'must be a path like "/auth" (no trailing slash)');
  const afterLogout = options.afterLogout ?? '/';
  if (!isLocalPath(afterLogout)) throw invalidOption('ilsAuth', 'afterLogout', 'must be a path on this site');
  return { engine, basePath, afterLogout };
}
