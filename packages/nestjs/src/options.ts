import type { ProviderDescriptor } from '@ils-auth/core';
import {
  invalidOption,
  type ProviderSettings,
  type SignInMethod,
  type ThrottleLimit,
  type ThrottleOptions,
  WebAuth,
  type WebAuthOptions,
} from '@ils-auth/core/web';
import { checkHooks, type IlsAuthCallbacks, type IlsAuthEvents } from './sign-in-hooks.js';

/** How patrons sign in with a provider: its login page (code flow), the app's card + PIN form, or not at all. */
export type SignInMode = SignInMethod;

/** A provider with settings (`signIn`, `scopes`, `sessionTtlSeconds`, …), as core's web layer reads them. */
export type IlsAuthProviderSettings = ProviderSettings;

export type { ThrottleLimit, ThrottleOptions };

/**
 * Core's shared web options (`secret`, `store`, `origin`, `allowedHosts`, `trustedOrigins`, `cookieName`,
 * `secureCookies`, `defaultReturnTo`, `throttle`, `transactionMaxAgeSeconds`, `clientOptions`,
 * `failureRedirect`), with the same names, defaults and checks as the Express router, plus the providers,
 * `basePath`, and the `callbacks` and `events` of a sign-in.
 */
export interface IlsAuthModuleOptions extends WebAuthOptions {
  /** Name → descriptor (or `{ provider, signIn, … }`). Names are 1-32 letters, digits, `_`, `-`. */
  providers: Record<string, ProviderDescriptor | IlsAuthProviderSettings>;
  /** Where the login and callback routes are (including any global prefix); default `/auth`. */
  basePath?: string;
  /** `signIn`: map the patron to your user, refuse them, or choose where they go. */
  callbacks?: IlsAuthCallbacks;
  /** `signIn`, `signOut`: told after the fact. */
  events?: IlsAuthEvents;
}

/** What one `IlsAuthModule` builds once and every request shares. */
export interface IlsAuthSetup {
  web: WebAuth;
  basePath: string;
  callbacks: IlsAuthCallbacks;
  events: IlsAuthEvents;
}

const OWNER = 'IlsAuthModule';
const BASE_PATH = /^(\/[A-Za-z0-9_.~-]+)*$/;

/** Checks the options once, at module start: `config_invalid` naming the option, unknown keys included. */
export function createSetup(options: IlsAuthModuleOptions): IlsAuthSetup {
  const web = new WebAuth(OWNER, options, ['basePath', 'callbacks', 'events']);
  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !BASE_PATH.test(basePath))
    throw invalidOption(
      OWNER,
      'basePath',
      'must be a path like "/auth" (or "" for the root), without a trailing "/"',
    );
  return {
    web,
    basePath,
    callbacks: checkHooks(OWNER, 'callbacks', options.callbacks),
    events: checkHooks(OWNER, 'events', options.events),
  };
}

/** A store that holds a connection (`RedisStore`) and lets it go with `close()`. */
interface ClosableStore {
  close(): Promise<void> | void;
}

function isClosable<T>(store: T): store is T & ClosableStore {
  return typeof (store as Partial<ClosableStore> | undefined)?.close === 'function';
}

/** Closes, once each, the stores the module works with (`store`, `throttle.store`) that can be closed. */
export async function closeStores({ web }: IlsAuthSetup): Promise<void> {
  const { store, throttle } = web.options;
  const stores = new Set([store, ...(throttle ? [throttle.store] : [])]);
  await Promise.all([...stores].filter(isClosable).map((closable) => closable.close()));
}
