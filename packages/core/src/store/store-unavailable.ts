import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';

/** How long a caller is asked to wait when the store gives no better idea: a blip usually lasts seconds. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The error a store throws when it cannot answer (Redis unreachable) and must not guess: core then decides
 * what is safe (refuse a PIN sign-in, serve a session it already verified, answer 503 with `Retry-After`).
 * A store that answers "absent" instead would have core sign patrons out and forget throttle counts.
 */
export function storeUnavailable(
  what: string,
  retryAfterSeconds = STORE_RETRY_AFTER_SECONDS,
  cause?: unknown,
): IlsAuthError {
  return new IlsAuthError('store_unavailable', `the store is unavailable: ${what}`, {
    status: 503,
    retryable: true,
    retryAfter: retryAfterSeconds,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** True for the error above, from this or any other copy of core. */
export function isStoreUnavailable(error: unknown): error is IlsAuthError {
  return isIlsAuthError(error) && error.code === 'store_unavailable';
}
