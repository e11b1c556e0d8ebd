import type { PatronAuthOptions } from '@ils-auth/core';

const PATRON_AUTH_KEYS = [
  'store',
  'userAgent',
  'timeoutMs',
  'requestTimeoutMs',
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
  'transactionMaxAgeSeconds',
] as const satisfies readonly (keyof PatronAuthOptions)[];

/** The given keys of `options`, so that each core factory sees only the options that are its own. */
export function pickOptions<T extends object, K extends string>(options: T, keys: readonly K[]): Partial<T> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.hasOwn(options, key) && (options as Record<string, unknown>)[key] !== undefined)
      picked[key] = (options as Record<string, unknown>)[key];
  }
  return picked as Partial<T>;
}

/** The `createPatronAuth` options found among a strategy's options. */
export function patronAuthOptions(options: object): PatronAuthOptions {
  return pickOptions(options as PatronAuthOptions, PATRON_AUTH_KEYS);
}
