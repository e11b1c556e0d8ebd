import { randomBytes } from 'node:crypto';
import { MemoryStore, type PatronAuthOptions } from '@ils-auth/core';
import {
  invalidOption,
  type ResolvedWebOptions,
  refuseUnknownOptions,
  resolveWebOptions,
  type WebOptions,
} from '@ils-auth/core/web';

/** The `createPatronAuth` options a strategy passes through to core. */
export const PATRON_AUTH_OPTION_NAMES = [
  'store',
  'userAgent',
  'timeoutMs',
  'requestTimeoutMs',
  'signInTimeoutMs',
  'maxBodyBytes',
  'expirySkewSeconds',
  'refreshAheadSeconds',
  'jitterSeconds',
  'keyPrefix',
  'fetch',
  'clock',
  'logger',
  'appClient',
  'sessionTtlSeconds',
] as const satisfies readonly (keyof PatronAuthOptions)[];

/** The web layer's shared options that a strategy takes, under the same names as the Express router's. */
type StrategyWebOptionName =
  | 'secret'
  | 'origin'
  | 'allowedHosts'
  | 'trustedOrigins'
  | 'throttle'
  | 'processes'
  | 'sessionOutageGraceSeconds';
export type StrategyWebOptions = Partial<Pick<WebOptions, StrategyWebOptionName>>;

export interface ResolvedStrategyOptions {
  /** Checked by core's web layer: origin, trusted origins, allowed hosts, throttle, the one store. */
  web: ResolvedWebOptions;
  /** False when no `secret` was given: the web options then hold a random one of this process. */
  hasSecret: boolean;
  /** What `createPatronAuth` takes, with the store the throttle and single-use claims also use. */
  patronAuth: PatronAuthOptions;
}

/** What every strategy constructor checks first: an options object and a verify function. */
export function checkStrategyArguments(owner: string, options: unknown, verify: unknown): void {
  if (options === null || typeof options !== 'object')
    throw invalidOption(owner, 'options', 'must be an object');
  if (typeof verify !== 'function') throw invalidOption(owner, 'verify', 'must be a function');
}

/**
 * Checks a strategy's options once, at construction: any key not in `known` is refused (`secureCookie`
 * for `secureCookies` must not pass silently), and the web layer's options go through core's own checks.
 */
export function resolveStrategyOptions(
  owner: string,
  options: object,
  known: readonly string[],
): ResolvedStrategyOptions {
  refuseUnknownOptions(owner, options, known);
  const given = options as StrategyWebOptions & PatronAuthOptions & { transactionMaxAgeSeconds?: number };
  const patronAuth = pickOptions(given, PATRON_AUTH_OPTION_NAMES) as PatronAuthOptions;
  const clock = given.clock ?? Date.now;
  const hasSecret = given.secret !== undefined;
  const web = resolveWebOptions(owner, {
    ...pickOptions(given, [
      'origin',
      'allowedHosts',
      'trustedOrigins',
      'throttle',
      'transactionMaxAgeSeconds',
      'processes',
      'sessionOutageGraceSeconds',
    ]),
    // Only the sealed cookie and a throttle shared between processes need the application's secret.
    secret: given.secret ?? randomBytes(32).toString('base64url'),
    store: given.store ?? new MemoryStore({ clock }),
    clientOptions: { clock, ...(given.keyPrefix ? { keyPrefix: given.keyPrefix } : {}) },
  });
  return { web, hasSecret, patronAuth: { ...patronAuth, store: web.store } };
}

/** The given keys of `options`, so that each core factory sees only the options that are its own. */
export function pickOptions<T extends object, K extends string>(options: T, keys: readonly K[]): Partial<T> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.hasOwn(options, key) && (options as Record<string, unknown>)[key] !== undefined)
      picked[key] = (options as Record<string, unknown>)[key];
  }
  return picked as Partial<T>;
}
