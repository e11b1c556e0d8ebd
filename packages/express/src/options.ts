import {
  type ClientOptions,
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  IlsAuthError,
  MemoryStore,
  type ProviderDescriptor,
  type ThrottleLimit,
  type TokenStore,
} from '@ils-auth/core';
import { isLocalPath } from './return-to.js';

export type { ThrottleLimit };

export interface ThrottleOptions {
  /** Per card number (hashed, never stored raw). Default 5 failures per 15 minutes. */
  barcode?: ThrottleLimit;
  /** Per client IP (`req.ip`; set Express's `trust proxy` behind a proxy). Default 20 failures per 15 minutes. */
  ip?: ThrottleLimit;
  /** Where the counters live; default the `store` given to `ilsAuth()`, so Redis shares them between processes. */
  store?: TokenStore;
}

/** How patrons of one provider sign in through the router. */
export type SignInMethod = 'code' | 'pin' | false;

export interface ProviderSettings {
  /** The descriptor from @ils-auth/core: `sierra({…})`, `overdrive({…})`, `rero({…})`, `oauth2({…})`. */
  provider: ProviderDescriptor;
  /**
   * `'code'`: the provider's login page (Sierra's `/authorize`, RERO); `'pin'`: the app's own form posts
   * `barcode` and `pin` (Sierra's PIN check, OverDrive's password grant); `false`: no sign-in routes, app
   * token only. Default: `'code'` when the provider has an authorization endpoint, else `'pin'` when it can
   * check a PIN, else `false`.
   */
  signIn?: SignInMethod;
  /** PIN providers: the app's page with the sign-in form; `requirePatron` sends patrons there with `returnTo`. */
  loginPage?: string;
  /** Code providers: scopes to request instead of the descriptor's. */
  scopes?: readonly string[];
  /** Code providers: extra authorization URL parameters (`ui_locales`, `prompt`…). */
  authorizationParams?: Record<string, string>;
  /** Sessions without a patron token (Sierra PIN check): their length in seconds. Default 3600. */
  sessionTtlSeconds?: number;
  /** Code providers: how long the patron may take on the provider's login page, in seconds. Default 600. */
  transactionMaxAgeSeconds?: number;
}

export interface IlsAuthOptions {
  /** Route name → provider descriptor, or descriptor plus settings. Names appear in URLs: `/auth/<name>/login`. */
  providers: Record<string, ProviderDescriptor | ProviderSettings>;
  /** Seals the sign-in transaction cookie and keys the login throttle. At least 32 characters. */
  secret: string;
  /** Where tokens, sessions and throttle counters live. Default: a `MemoryStore` (one process). */
  store?: TokenStore;
  /** Path prefix of the routes. Default `/auth`. */
  basePath?: string;
  /**
   * The site's public origin (`https://catalogue.example.org`), used for redirect URIs and to refuse
   * cross-site sign-in posts. Default: from the request (`req.protocol` and `Host`), which needs Express's
   * `trust proxy` set correctly behind a proxy.
   */
  origin?: string;
  /** Name of the session cookie. Default `ils_session`. */
  cookieName?: string;
  /** `Secure` on cookies: `'auto'` (default) sets it when the request came over https (`req.secure`). */
  secureCookies?: boolean | 'auto';
  /** Where a patron lands after sign-in when no valid `returnTo` was given. Default `/`. */
  defaultReturnTo?: string;
  /** Where a page is sent after sign-out when no valid `returnTo` was given. Default `/`. */
  afterLogout?: string;
  /** PIN guessing limits; `false` turns them off (not advised). */
  throttle?: ThrottleOptions | false;
  /** Passed to every core client and patron auth: `userAgent`, `keyPrefix`, `timeoutMs`, `fetch`, `clock`, `logger`… */
  clientOptions?: Omit<ClientOptions, 'store'>;
}

export interface ResolvedProvider {
  name: string;
  descriptor: ProviderDescriptor;
  signIn: SignInMethod;
  loginPage: string | undefined;
  scopes: readonly string[] | undefined;
  authorizationParams: Record<string, string> | undefined;
  sessionTtlSeconds: number | undefined;
  transactionMaxAgeSeconds: number;
}

export interface ResolvedOptions {
  providers: ResolvedProvider[];
  secret: string;
  store: TokenStore;
  basePath: string;
  origin: string | undefined;
  cookieName: string;
  secureCookies: boolean | 'auto';
  defaultReturnTo: string;
  afterLogout: string;
  throttle: { store: TokenStore; barcode: ThrottleLimit; ip: ThrottleLimit } | false;
  clientOptions: Omit<ClientOptions, 'store'>;
  keyPrefix: string;
  clock: () => number;
}

const KNOWN_OPTIONS = [
  'providers',
  'secret',
  'store',
  'basePath',
  'origin',
  'cookieName',
  'secureCookies',
  'defaultReturnTo',
  'afterLogout',
  'throttle',
  'clientOptions',
];
const KNOWN_PROVIDER_SETTINGS = [
  'provider',
  'signIn',
  'loginPage',
  'scopes',
  'authorizationParams',
  'sessionTtlSeconds',
  'transactionMaxAgeSeconds',
];
const PROVIDER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export function invalidOption(option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `ilsAuth: option \`${option}\` ${problem}`, { retryable: false });
}

/** Checks every option once, at construction, and fills in the defaults. */
export function resolveOptions(options: IlsAuthOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw invalidOption('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) throw invalidOption(key, 'is not a known option');
  }
  const { secret } = options;
  if (typeof secret !== 'string' || secret.length < 32)
    throw invalidOption(
      'secret',
      'must be a string of at least 32 characters (for example `openssl rand -hex 32`)',
    );

  const store = options.store ?? new MemoryStore({ clock: options.clientOptions?.clock });
  if (!isTokenStore(store)) throw invalidOption('store', 'must be a TokenStore (get, set, delete)');

  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))
    throw invalidOption('basePath', 'must be a path like "/auth" (no trailing slash)');

  let origin: string | undefined;
  if (options.origin !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.origin);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null')
      throw invalidOption('origin', 'must be an http(s) origin like "https://catalogue.example.org"');
    origin = url.origin;
  }

  const cookieName = options.cookieName ?? 'ils_session';
  if (typeof cookieName !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(cookieName))
    throw invalidOption('cookieName', 'must be 1-64 letters, digits, "_" or "-"');
  const secureCookies = options.secureCookies ?? 'auto';
  if (secureCookies !== 'auto' && typeof secureCookies !== 'boolean')
    throw invalidOption('secureCookies', 'must be true, false or "auto"');

  const defaultReturnTo = options.defaultReturnTo ?? '/';
  if (!isLocalPath(defaultReturnTo)) throw invalidOption('defaultReturnTo', 'must be a path on this site');
  const afterLogout = options.afterLogout ?? '/';
  if (!isLocalPath(afterLogout)) throw invalidOption('afterLogout', 'must be a path on this site');

  const clientOptions = options.clientOptions ?? {};
  if (typeof clientOptions !== 'object') throw invalidOption('clientOptions', 'must be an object');
  if ('store' in clientOptions) throw invalidOption('clientOptions.store', 'is not allowed; use `store`');

  return {
    providers: resolveProviders(options.providers),
    secret,
    store,
    basePath,
    origin,
    cookieName,
    secureCookies,
    defaultReturnTo,
    afterLogout,
    throttle: resolveThrottle(options.throttle, store),
    clientOptions,
    keyPrefix: clientOptions.keyPrefix ?? 'ils-auth',
    clock: clientOptions.clock ?? Date.now,
  };
}

function resolveProviders(providers: IlsAuthOptions['providers']): ResolvedProvider[] {
  if (!providers || typeof providers !== 'object' || Object.keys(providers).length === 0)
    throw invalidOption('providers', 'must name at least one provider');
  return Object.entries(providers).map(([name, value]) => {
    const option = `providers.${name}`;
    if (!PROVIDER_NAME.test(name))
      throw invalidOption(
        option,
        'has a name that is not 1-32 letters, digits, "_" or "-" starting with a letter',
      );
    const settings: ProviderSettings = isDescriptor(value) ? { provider: value } : value;
    if (!settings || typeof settings !== 'object' || !isDescriptor(settings.provider))
      throw invalidOption(
        option,
        'must be a provider descriptor (sierra(), overdrive(), rero(), oauth2()) or { provider, … }',
      );
    for (const key of Object.keys(settings)) {
      if (!KNOWN_PROVIDER_SETTINGS.includes(key))
        throw invalidOption(`${option}.${key}`, 'is not a known setting');
    }
    const descriptor = settings.provider;
    const signIn = settings.signIn ?? defaultSignIn(descriptor);
    checkSignIn(option, descriptor, signIn);
    if (settings.loginPage !== undefined && !isLocalPath(settings.loginPage))
      throw invalidOption(`${option}.loginPage`, 'must be a path on this site');
    const transactionMaxAgeSeconds = settings.transactionMaxAgeSeconds ?? 600;
    if (
      typeof transactionMaxAgeSeconds !== 'number' ||
      !(transactionMaxAgeSeconds > 0) ||
      transactionMaxAgeSeconds > 3600
    )
      throw invalidOption(`${option}.transactionMaxAgeSeconds`, 'must be a number of seconds from 1 to 3600');
    return {
      name,
      descriptor,
      signIn,
      loginPage: settings.loginPage,
      scopes: settings.scopes,
      authorizationParams: settings.authorizationParams,
      sessionTtlSeconds: settings.sessionTtlSeconds,
      transactionMaxAgeSeconds,
    };
  });
}

function defaultSignIn(descriptor: ProviderDescriptor): SignInMethod {
  if (descriptor.grants.includes('authorization_code') && descriptor.endpoints.authorization) return 'code';
  if (descriptor.patron?.checkPin || descriptor.grants.includes('password')) return 'pin';
  return false;
}

function checkSignIn(option: string, descriptor: ProviderDescriptor, signIn: SignInMethod): void {
  if (signIn === 'code') {
    if (!descriptor.grants.includes('authorization_code') || !descriptor.endpoints.authorization)
      throw invalidOption(
        `${option}.signIn`,
        `is "code" but ${descriptor.displayName} has no authorization endpoint`,
      );
  } else if (signIn === 'pin') {
    if (descriptor.patron?.checkPin) return;
    if (!descriptor.grants.includes('password'))
      throw invalidOption(
        `${option}.signIn`,
        `is "pin" but ${descriptor.displayName} cannot check a card number and PIN`,
      );
    if (!descriptor.allowPasswordGrant)
      throw invalidOption(
        `${option}.signIn`,
        `is "pin", which uses the legacy password grant: create the ${descriptor.displayName} provider with \`allowPasswordGrant: true\``,
      );
  } else if (signIn !== false) {
    throw invalidOption(`${option}.signIn`, 'must be "code", "pin" or false');
  }
}

function resolveThrottle(
  option: ThrottleOptions | false | undefined,
  store: TokenStore,
): ResolvedOptions['throttle'] {
  if (option === false) return false;
  const settings = option ?? {};
  if (typeof settings !== 'object') throw invalidOption('throttle', 'must be an object or false');
  const limit = (name: 'barcode' | 'ip', fallback: ThrottleLimit): ThrottleLimit => {
    const value = settings[name] ?? fallback;
    const ok =
      value &&
      Number.isInteger(value.max) &&
      value.max > 0 &&
      typeof value.windowSeconds === 'number' &&
      value.windowSeconds > 0;
    if (!ok)
      throw invalidOption(
        `throttle.${name}`,
        'must be { max: positive integer, windowSeconds: positive number }',
      );
    return { max: value.max, windowSeconds: value.windowSeconds };
  };
  const throttleStore = settings.store ?? store;
  if (!isTokenStore(throttleStore)) throw invalidOption('throttle.store', 'must be a TokenStore');
  return {
    store: throttleStore,
    barcode: limit('barcode', DEFAULT_BARCODE_LIMIT),
    ip: limit('ip', DEFAULT_IP_LIMIT),
  };
}

function isDescriptor(value: unknown): value is ProviderDescriptor {
  const candidate = value as Partial<ProviderDescriptor> | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.id === 'string' &&
    Array.isArray(candidate.grants) &&
    typeof candidate.endpoints === 'object'
  );
}

function isTokenStore(value: unknown): value is TokenStore {
  const store = value as Partial<TokenStore> | undefined;
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof store.get === 'function' &&
    typeof store.set === 'function' &&
    typeof store.delete === 'function'
  );
}
