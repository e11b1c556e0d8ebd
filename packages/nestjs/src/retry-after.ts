import { httpStatusFor, isIlsAuthError } from '@ils-auth/core';

/**
 * `Retry-After` for an error answered 429 or 503 that says when to come back (the throttle's window, a
 * provider's own `Retry-After` or core's backoff), in whole seconds, at least 1. Empty for any other.
 */
export function retryAfterHeaders(error: unknown): Record<string, string> {
  if (!isIlsAuthError(error) || error.retryAfter === undefined) return {};
  const status = httpStatusFor(error);
  if (status !== 429 && status !== 503) return {};
  return { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfter))) };
}
