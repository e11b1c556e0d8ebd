import type { ClientOptions } from '../client/client-options.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { recentSessionsOf } from '../patrons/recent-sessions.js';
import { crossProcessGap } from '../store/atomic-operations.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import {
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  type ThrottleLimit,
  type ThrottleStoreOutage,
} from './login-throttle.js';
import { type AllowedHosts, parseOrigin } from './public-origin.js';
import { isLocalPath } from './return-to.js';
import { DEFAULT_IPV6_PREFIX_LENGTH, type IpThrottleLimit } from './throttle-address-key.js';

/** Shortest secret accepted: as much entropy as the 256-bit key it becomes should have. */
export const MIN_SECRET_LENGTH = 32;

export interface ThrottleOptions {
  /** Per card number (normalised and HMAC'd, never stored raw). Default 5 failures per 15 minutes. */
  barcode?: ThrottleLimit;
  /**
   * Per client IP (as the framework resolves it under its trust-proxy setting). Default 20 per 15 minutes;
   * an IPv6 client is counted by its first `ipv6PrefixLength` bits (default 64, its /64).
   */
  ip?: IpThrottleLimit;
  /** Where the counters live; default the `store` option, so Redis shares them between processes. */
  store?: TokenStore;
  /**
   * When that store cannot count (Redis unreachable): `refuse` PIN sign-ins with a 503 and `Retry-After`
   * (the default), or `count-per-process`, which keeps them open at the price of each process counting
   * alone (N processes: up to N times the limit per card during the outage; counts are merged afterwards).
   */
  duringStoreOutage?: ThrottleStoreOutage;
}

/**
 * The options every framework shim takes, with the same names, defaults and checks in each: the Express
 * router, the NestJS module and the Passport strategies.
 */
export interface WebOptions {
  /**
   * Seals the sign-in transaction cookie and keys the throttle's HMAC. At least 32 characters. An array
   * rotates secrets: the first seals, every one opens.
   */
  secret: string | readonly string[];
  /** Tokens, sessions, throttle counters and used transactions. Default: a `MemoryStore` (one process). */
  store?: TokenStore;
  /**
   * The site's public origin (`https://catalogue.example.org`): redirect URIs are built from it and sign-in
   * posts are checked against it. Default: from the request's validated `Host` (see `allowedHosts`).
   */
  origin?: string;
  /**
   * Without `origin`: the `Host` values that may stand for the site (`catalogue.example.org`,
   * `localhost:3000`), or `'any'` behind a proxy that sets `Host` itself. Default: loopback hosts only
   * (`localhost`, `127.0.0.1`, `[::1]`), so a deployed site must say what it is called.
   */
  allowedHosts?: AllowedHosts;
  /** Other origins whose pages may post the sign-in form (a separate front end). Default none. */
  trustedOrigins?: readonly string[];
  /** The session cookie's name, before any `__Host-` prefix. Default `ils_session`. */
  cookieName?: string;
  /** `Secure` (and `__Host-`) cookies: `'auto'` (default) when the request came over https. */
  secureCookies?: boolean | 'auto';
  /** Where a patron lands after sign-in when no valid `returnTo` was given. Default `/`. */
  defaultReturnTo?: string;
  /** PIN guessing limits; `false` turns them off (not advised). */
  throttle?: ThrottleOptions | false;
  /** Code flow: how long the patron may take on the provider's pages, in seconds (1-3600). Default 600. */
  transactionMaxAgeSeconds?: number;
  /** Given to every core client and patron auth: `userAgent`, `keyPrefix`, `timeoutMs`, `fetch`, `clock`, `logger`… */
  clientOptions?: Omit<ClientOptions, 'store'>;
  /**
   * How many processes of the application share `store` (a cluster, several containers). Default 1. Above
   * 1, a store that cannot claim a callback or count a guess atomically across processes (a `MemoryStore`,
   * or a custom store with neither `setIfAbsent`/`increment` nor `withLock`) is refused with `config_invalid`.
   */
  processes?: number;
  /**
   * During a store outage, a session this process read from the store within this many seconds is still
   * served (its own expiry applies); any other is answered 503 with `Retry-After`, and nobody is signed
   * out. 0 to answer every guarded request 503 during an outage. 0-3600, default 300. A logout made in
   * another process during the outage can go unnoticed here for this long.
   */
  sessionOutageGraceSeconds?: number;
}

export const WEB_OPTION_NAMES = [
  'secret',
  'store',
  'origin',
  'allowedHosts',
  'trustedOrigins',
  'cookieName',
  'secureCookies',
  'defaultReturnTo',
  'throttle',
  'transactionMaxAgeSeconds',
  'clientOptions',
  'processes',
  'sessionOutageGraceSeconds',
] as const;

export interface ResolvedWebOptions {
  secrets: readonly string[];
  store: TokenStore;
  origin: string | undefined;
  allowedHosts: AllowedHosts | undefined;
  trustedOrigins: readonly string[];
  cookieName: string;
  secureCookies: boolean | 'auto';
  defaultReturnTo: string;
  throttle:
    | {
        store: TokenStore;
        barcode: ThrottleLimit;
        ip: IpThrottleLimit;
        duringStoreOutage: ThrottleStoreOutage;
      }
    | false;
  transactionMaxAgeSeconds: number;
  clientOptions: Omit<ClientOptions, 'store'>;
  keyPrefix: string;
  clock: () => number;
}

/** A `config_invalid` error that names the option, written the same way by every shim. */
export function invalidOption(owner: string, option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `${owner}: option \`${option}\` ${problem}`, {
    retryable: false,
  });
}

/**
 * Refuses any key that is not in `known`: a typo such as `secureCookie: true` must fail at start-up, not
 * silently leave cookies without `Secure`.
 */
export function refuseUnknownOptions(
  owner: string,
  options: object,
  known: readonly string[],
  prefix = '',
): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw invalidOption(owner, `${prefix}${key}`, 'is not a known option');
  }
}

/**
 * Checks the shared options once, at construction, and fills in the defaults. `ownOptions` are the keys
 * the calling shim adds (`providers`, `basePath`, …); any other unknown key is refused.
 */
export function resolveWebOptions(
  owner: string,
  options: WebOptions,
  ownOptions: readonly string[] = [],
): ResolvedWebOptions {
  if (!options || typeof options !== 'object') throw invalidOption(owner, 'options', 'must be an object');
  refuseUnknownOptions(owner, options, [...WEB_OPTION_NAMES, ...ownOptions]);
  const secrets = checkSecret(owner, options.secret);

  const clientOptions = options.clientOptions ?? {};
  if (typeof clientOptions !== 'object' || clientOptions === null)
    throw invalidOption(owner, 'clientOptions', 'must be an object');
  if ('store' in clientOptions)
    throw invalidOption(owner, 'clientOptions.store', 'is not allowed; use `store`');
  const clock = clientOptions.clock ?? Date.now;

  const store = options.store ?? new MemoryStore({ clock });
  if (!isTokenStore(store)) throw invalidOption(owner, 'store', 'must be a TokenStore (get, set, delete)');

  let origin: string | undefined;
  if (options.origin !== undefined) {
    origin = parseOrigin(options.origin);
    if (!origin)
      throw invalidOption(owner, 'origin', 'must be an http(s) origin like "https://catalogue.example.org"');
  }
  const trustedOrigins = (options.trustedOrigins ?? []).map((value) => {
    const parsed = parseOrigin(value);
    if (!parsed) throw invalidOption(owner, 'trustedOrigins', 'must list http(s) origins');
    return parsed;
  });
  const allowedHosts = checkAllowedHosts(owner, options.allowedHosts);

  const cookieName = options.cookieName ?? 'ils_session';
  if (
    typeof cookieName !== 'string' ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(cookieName) ||
    cookieName.startsWith('__')
  )
    throw invalidOption(
      owner,
      'cookieName',
      'must be 1-64 letters, digits, "_" or "-", not starting with "__"',
    );
  const secureCookies = options.secureCookies ?? 'auto';
  if (secureCookies !== 'auto' && typeof secureCookies !== 'boolean')
    throw invalidOption(owner, 'secureCookies', 'must be true, false or "auto"');

  checkSharedStores(owner, options.processes, store, options.throttle);
  if (options.sessionOutageGraceSeconds !== undefined)
    recentSessionsOf(store).limitGrace(checkOutageGrace(owner, options.sessionOutageGraceSeconds) * 1000);

  const defaultReturnTo = options.defaultReturnTo ?? '/';
  if (!isLocalPath(defaultReturnTo))
    throw invalidOption(owner, 'defaultReturnTo', 'must be a path on this site');

  return {
    secrets,
    store,
    origin,
    allowedHosts,
    trustedOrigins,
    cookieName,
    secureCookies,
    defaultReturnTo,
    throttle: resolveThrottle(owner, options.throttle, store),
    transactionMaxAgeSeconds: checkTransactionMaxAge(
      owner,
      'transactionMaxAgeSeconds',
      options.transactionMaxAgeSeconds ?? 600,
    ),
    clientOptions,
    keyPrefix: clientOptions.keyPrefix ?? 'ils-auth',
    clock,
  };
}

/** `secret` as a list: a string, or a non-empty array for rotation, each at least 32 characters. */
export function checkSecret(owner: string, secret: unknown): readonly string[] {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(secrets) || secrets.length === 0)
    throw invalidOption(owner, 'secret', 'must be a string or a non-empty array of strings');
  for (const value of secrets) {
    // Never repeat the value: it is a secret, even when it is too short to be a good one.
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH)
      throw invalidOption(
        owner,
        'secret',
        `must be at least ${MIN_SECRET_LENGTH} characters long (for example \`openssl rand -hex 32\`)`,
      );
  }
  return Object.freeze([...secrets]) as readonly string[];
}

function checkAllowedHosts(owner: string, value: unknown): AllowedHosts | undefined {
  if (value === undefined || value === 'any') return value;
  if (!Array.isArray(value) || value.length === 0)
    throw invalidOption(
      owner,
      'allowedHosts',
      'must be "any" or a non-empty list of host names with optional ports',
    );
  return value.map((host: unknown) => {
    if (typeof host !== 'string' || !/^[A-Za-z0-9.:[\]-]{1,261}$/.test(host))
      throw invalidOption(owner, 'allowedHosts', 'must list host names with optional ports');
    return host.toLowerCase();
  });
}

export function checkTransactionMaxAge(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 1) || value > 3600)
    throw invalidOption(owner, option, 'must be a number of seconds from 1 to 3600');
  return value;
}

const ROUTES_PATH = /^(\/[A-Za-z0-9_.~-]+)*$/;

/** Where an adapter mounts its sign-in routes: a plain path like `/auth`, or `""` for the root, without a trailing `/`. */
export function checkRoutesPath(owner: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !ROUTES_PATH.test(value))
    throw invalidOption(
      owner,
      option,
      'must be a path like "/auth" (or "" for the root), without a trailing "/"',
    );
  return value;
}

function checkOutageGrace(owner: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0) || value > 3600)
    throw invalidOption(owner, 'sessionOutageGraceSeconds', 'must be a number of seconds from 0 to 3600');
  return value;
}

/** With several processes, the stores must be atomic across them (see `crossProcessGap`). */
function checkSharedStores(
  owner: string,
  processes: unknown,
  store: TokenStore,
  throttle: WebOptions['throttle'],
): void {
  if (processes === undefined) return;
  if (!Number.isInteger(processes) || (processes as number) < 1)
    throw invalidOption(owner, 'processes', 'must be a whole number ≥ 1');
  if (processes === 1) return;
  const counters = throttle ? (throttle.store ?? store) : undefined;
  const gap = crossProcessGap(store, { claims: true, counts: counters === store });
  if (gap) throw invalidOption(owner, 'store', `${gap} (processes: ${processes})`);
  const counterGap =
    counters && counters !== store && isTokenStore(counters)
      ? crossProcessGap(counters, { claims: false, counts: true })
      : undefined;
  if (counterGap) throw invalidOption(owner, 'throttle.store', `${counterGap} (processes: ${processes})`);
}

function resolveThrottle(
  owner: string,
  throttle: WebOptions['throttle'],
  store: TokenStore,
): ResolvedWebOptions['throttle'] {
  if (throttle === false) return false;
  if (throttle !== undefined && (typeof throttle !== 'object' || throttle === null))
    throw invalidOption(owner, 'throttle', 'must be an object or false');
  const settings = throttle ?? {};
  refuseUnknownOptions(owner, settings, ['barcode', 'ip', 'store', 'duringStoreOutage'], 'throttle.');
  const duringStoreOutage = settings.duringStoreOutage ?? 'refuse';
  if (duringStoreOutage !== 'refuse' && duringStoreOutage !== 'count-per-process')
    throw invalidOption(owner, 'throttle.duringStoreOutage', "must be 'refuse' or 'count-per-process'");
  const limit = (name: 'barcode' | 'ip', fallback: ThrottleLimit): ThrottleLimit => {
    const value = settings[name] ?? fallback;
    if (
      typeof value !== 'object' ||
      value === null ||
      !Number.isInteger(value.max) ||
      value.max < 1 ||
      !(typeof value.windowSeconds === 'number' && value.windowSeconds >= 1)
    )
      throw invalidOption(
        owner,
        `throttle.${name}`,
        'must be { max: integer ≥ 1, windowSeconds: number ≥ 1 }',
      );
    refuseUnknownOptions(
      owner,
      value,
      name === 'ip' ? ['max', 'windowSeconds', 'ipv6PrefixLength'] : ['max', 'windowSeconds'],
      `throttle.${name}.`,
    );
    return { max: value.max, windowSeconds: value.windowSeconds };
  };
  const ipv6PrefixLength = settings.ip?.ipv6PrefixLength ?? DEFAULT_IPV6_PREFIX_LENGTH;
  if (!Number.isInteger(ipv6PrefixLength) || ipv6PrefixLength < 1 || ipv6PrefixLength > 128)
    throw invalidOption(owner, 'throttle.ip.ipv6PrefixLength', 'must be an integer from 1 to 128');
  const counterStore = settings.store ?? store;
  if (!isTokenStore(counterStore)) throw invalidOption(owner, 'throttle.store', 'must be a TokenStore');
  return {
    store: counterStore,
    barcode: limit('barcode', DEFAULT_BARCODE_LIMIT),
    ip: { ...limit('ip', DEFAULT_IP_LIMIT), ipv6PrefixLength },
    duringStoreOutage,
  };
}

export function isTokenStore(store: unknown): store is TokenStore {
  const candidate = store as Partial<TokenStore> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.get === 'function' &&
    typeof candidate.set === 'function' &&
    typeof candidate.delete === 'function'
  );
}
