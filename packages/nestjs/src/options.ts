import {
  type ClientOptions,
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  IlsAuthError,
  type ProviderDescriptor,
  type ThrottleLimit,
  type TokenStore,
} from '@ils-auth/core';

/** How patrons sign in with a provider: its login page (code flow), the app's card + PIN form, or not at all. */
export type SignInMode = 'code' | 'pin' | false;

/** A provider with settings, for `providers.<name>` when the descriptor alone is not enough. */
export interface IlsAuthProviderSettings {
  /** The core descriptor: `sierra()`, `overdrive()`, `rero()`, `oauth2()`. */
  provider: ProviderDescriptor;
  /** Default `'code'` when the provider has a login page, else `'pin'` when it can check a PIN, else `false`. */
  signIn?: SignInMode;
  /** Code flow: scopes to ask for; default the descriptor's. */
  scopes?: readonly string[];
  /** Length of sessions without a patron token of their own (Sierra PIN); core's default otherwise. */
  sessionTtlSeconds?: number;
  /** Code flow: how long the patron may take on the provider's pages; default 600. */
  transactionMaxAgeSeconds?: number;
}

export interface IlsAuthModuleOptions {
  /** Name → descriptor (or `{ provider, signIn, … }`). Names are 1-32 letters, digits, `_`, `-`. */
  providers: Record<string, ProviderDescriptor | IlsAuthProviderSettings>;
  /** At least 32 characters: seals the code-flow transaction cookie and keys the sign-in throttle. */
  secret: string;
  /** Core `TokenStore` for app tokens, patron sessions and throttle counters; default a `MemoryStore`. */
  store?: TokenStore;
  /** Core client options for every provider: `userAgent`, `keyPrefix`, `timeoutMs`, `fetch`, `clock`, … */
  clientOptions?: Omit<ClientOptions, 'store'>;
  /** The session cookie; default `ils_session`. */
  cookieName?: string;
  /** Where the login and callback routes are (including any global prefix); default `/auth`. */
  basePath?: string;
  /** `Secure` cookies: `'auto'` (default) when the request came over https (Express's `req.secure`). */
  secureCookies?: 'auto' | boolean;
  /**
   * Failed PIN sign-ins allowed per card and per client IP before `rate_limited` (429), or `false`.
   * Default 5 per card and 20 per IP in 15 minutes.
   */
  throttle?: ThrottleOptions | false;
}

export type { ThrottleLimit };

export interface ThrottleOptions {
  barcode?: ThrottleLimit;
  ip?: ThrottleLimit;
}

export interface ResolvedProvider {
  name: string;
  descriptor: ProviderDescriptor;
  signIn: SignInMode;
  scopes: readonly string[] | undefined;
  sessionTtlSeconds: number | undefined;
  transactionMaxAgeSeconds: number | undefined;
}

export interface ResolvedOptions {
  providers: ResolvedProvider[];
  secret: string;
  store: TokenStore | undefined;
  clientOptions: Omit<ClientOptions, 'store'>;
  cookieName: string;
  basePath: string;
  secureCookies: 'auto' | boolean;
  throttle: { barcode: ThrottleLimit; ip: ThrottleLimit } | false;
}

export const MIN_SECRET_LENGTH = 32;
const PROVIDER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const COOKIE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function configError(option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `IlsAuthModule: ${option} ${problem}`, { retryable: false });
}

/** Checks the options once, at module start, and names the option that is wrong. */
export function resolveOptions(options: IlsAuthModuleOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw configError('options', 'must be an object');
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw configError('secret', `must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (!options.providers || typeof options.providers !== 'object') {
    throw configError('providers', 'must be an object: name → provider descriptor');
  }
  const providers = Object.entries(options.providers).map(([name, entry]) => resolveProvider(name, entry));
  if (providers.length === 0) throw configError('providers', 'must name at least one provider');

  const store = options.store;
  if (store !== undefined && (typeof store?.get !== 'function' || typeof store?.set !== 'function')) {
    throw configError('store', 'must be a TokenStore (get, set, delete)');
  }
  const cookieName = options.cookieName ?? 'ils_session';
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) {
    throw configError('cookieName', 'must be 1-64 letters, digits, "_", "-" or "."');
  }
  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9_.~-]+)*$/.test(basePath)) {
    throw configError('basePath', 'must be a path like "/auth" (or "" for the root), without a trailing "/"');
  }
  const secureCookies = options.secureCookies ?? 'auto';
  if (secureCookies !== 'auto' && typeof secureCookies !== 'boolean') {
    throw configError('secureCookies', "must be 'auto', true or false");
  }
  return {
    providers,
    secret: options.secret,
    store,
    clientOptions: { ...(options.clientOptions ?? {}) },
    cookieName,
    basePath,
    secureCookies,
    throttle:
      options.throttle === false
        ? false
        : {
            barcode: limit('throttle.barcode', options.throttle?.barcode ?? DEFAULT_BARCODE_LIMIT),
            ip: limit('throttle.ip', options.throttle?.ip ?? DEFAULT_IP_LIMIT),
          },
  };
}

function resolveProvider(
  name: string,
  entry: ProviderDescriptor | IlsAuthProviderSettings,
): ResolvedProvider {
  if (!PROVIDER_NAME.test(name)) {
    throw configError(
      `providers.${name.slice(0, 40)}`,
      'is not a valid name: 1-32 letters, digits, "_" or "-"',
    );
  }
  const settings: IlsAuthProviderSettings | undefined =
    entry && typeof entry === 'object' && 'provider' in entry ? entry : undefined;
  const descriptor = settings ? settings.provider : (entry as ProviderDescriptor);
  if (
    !descriptor ||
    typeof descriptor !== 'object' ||
    typeof descriptor.id !== 'string' ||
    !descriptor.endpoints
  ) {
    throw configError(`providers.${name}`, 'must be a provider descriptor such as sierra({ … })');
  }
  const signIn = settings?.signIn ?? defaultSignIn(descriptor);
  if (signIn === 'code' && !offersCodeFlow(descriptor)) {
    throw configError(
      `providers.${name}.signIn`,
      `is 'code' but ${descriptor.displayName} has no login page`,
    );
  }
  if (signIn === 'pin' && !offersPin(descriptor)) {
    throw configError(
      `providers.${name}.signIn`,
      `is 'pin' but ${descriptor.displayName} offers no barcode + PIN sign-in as configured`,
    );
  }
  if (signIn !== 'code' && signIn !== 'pin' && signIn !== false) {
    throw configError(`providers.${name}.signIn`, "must be 'code', 'pin' or false");
  }
  return {
    name,
    descriptor,
    signIn,
    scopes: settings?.scopes,
    sessionTtlSeconds: settings?.sessionTtlSeconds,
    transactionMaxAgeSeconds: settings?.transactionMaxAgeSeconds,
  };
}

function defaultSignIn(descriptor: ProviderDescriptor): SignInMode {
  if (offersCodeFlow(descriptor)) return 'code';
  if (offersPin(descriptor)) return 'pin';
  return false;
}

function offersCodeFlow(descriptor: ProviderDescriptor): boolean {
  return descriptor.grants.includes('authorization_code') && Boolean(descriptor.endpoints.authorization);
}

function offersPin(descriptor: ProviderDescriptor): boolean {
  return Boolean(descriptor.patron?.checkPin) || descriptor.grants.includes('password');
}

function limit(option: string, value: ThrottleLimit): ThrottleLimit {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (!value || !ok(value.max) || !ok(value.windowSeconds)) {
    throw configError(option, 'must be { max, windowSeconds } with positive whole numbers');
  }
  return { max: value.max, windowSeconds: value.windowSeconds };
}
