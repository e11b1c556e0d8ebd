import { httpStatusFor, isIlsAuthError } from '@ils-auth/core';
import { SIGN_IN_FAILURE_CODES } from '@ils-auth/core/web';

/** The passport actions a strategy settles with (added to the strategy by `passport.authenticate`). */
export interface StrategyActions {
  fail(challenge?: unknown, status?: number): void;
  error(error: Error): void;
}

/** A failure as Passport's flash and custom callbacks read it: a `message` and our error `code`. */
export interface FailureInfo {
  message: string;
  code: string;
  /** With `rate_limited`: seconds before the card (or this IP) may try again; also sent as `Retry-After`. */
  retryAfter?: number;
}

/** Outcomes that are the patron's doing, not an outage: core's list, the same for every integration. */
export const FAILURE_CODES: ReadonlySet<string> = SIGN_IN_FAILURE_CODES;

/**
 * A PIN form adds `rate_limited`: the throttle (or the provider) says to wait, which the patron is told on
 * the form, with `retryAfter`; the app is not handed an error. In a code flow a 429 from the token
 * endpoint stays an `error()`: it is the provider's limit on the application, not the patron's.
 */
export const PIN_FAILURE_CODES: ReadonlySet<string> = new Set([...FAILURE_CODES, 'rate_limited']);

/**
 * Wrong card/PIN, hostile input, a cross-site post, a declined consent and a state that
 * does not check out are `fail(info, status)` with core's status for the code (`httpStatusFor`: the same
 * as the Express router's); an outage, a timeout, a refused client or a token endpoint error reach
 * `error()` as the `IlsAuthError` itself, never as an opaque "Failed to obtain access token".
 */
export function settleError(
  strategy: StrategyActions,
  error: unknown,
  failureCodes: ReadonlySet<string> = FAILURE_CODES,
): void {
  if (isIlsAuthError(error) && failureCodes.has(error.code)) {
    const failure: FailureInfo = { message: error.message, code: error.code };
    if (error.retryAfter !== undefined) failure.retryAfter = error.retryAfter;
    strategy.fail(failure, httpStatusFor(error));
    return;
  }
  strategy.error(error instanceof Error ? error : new Error('the sign-in failed'));
}
