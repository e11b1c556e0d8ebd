import type { ProviderDescriptor } from '@ils-auth/core';
import {
  invalidOption,
  type ProviderSettings,
  type SignInMethod,
  type ThrottleLimit,
  type ThrottleOptions,
  WebAuth,
  type WebOptions,
} from '@ils-auth/core/web';

/** How patrons sign in with a provider: its login page (code flow), the app's card + PIN form, or not at all. */
export type SignInMode = SignInMethod;

/** A provider with settings (`signIn`, `scopes`, `sessionTtlSeconds`, …), as core's web layer reads them. */
export type IlsAuthProviderSettings = ProviderSettings;

export type { ThrottleLimit, ThrottleOptions };

/**
 * Core's shared web options (`secret`, `store`, `origin`, `allowedHosts`, `trustedOrigins`, `cookieName`,
 * `secureCookies`, `defaultReturnTo`, `throttle`, `transactionMaxAgeSeconds`, `clientOptions`), with the
 * same names, defaults and checks as the Express router, plus the providers and `basePath`.
 */
export interface IlsAuthModuleOptions extends WebOptions {
  /** Name → descriptor (or `{ provider, signIn, … }`). Names are 1-32 letters, digits, `_`, `-`. */
  providers: Record<string, ProviderDescriptor | IlsAuthProviderSettings>;
  /** Where the login and callback routes are (including any global prefix); default `/auth`. */
  basePath?: string;
}

/** What one `IlsAuthModule` builds once and every request shares. */
export interface IlsAuthSetup {
  web: WebAuth;
  basePath: string;
}

const OWNER = 'IlsAuthModule';
const BASE_PATH = /^(\/[A-Za-z0-9_.~-]+)*$/;

/** Checks the options once, at module start: `config_invalid` naming the option, unknown keys included. */
export function createSetup(options: IlsAuthModuleOptions): IlsAuthSetup {
  const web = new WebAuth(OWNER, options, ['basePath']);
  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !BASE_PATH.test(basePath))
    throw invalidOption(
      OWNER,
      'basePath',
      'must be a path like "/auth" (or "" for the root), without a trailing "/"',
    );
  return { web, basePath };
}
