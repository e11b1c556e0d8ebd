import { isIlsAuthError } from '@ils-auth/core';

/** The passport actions a strategy settles with (added to the strategy by `passport.authenticate`). */
export interface StrategyActions {
  fail(challenge?: unknown, status?: number): void;
  error(error: Error): void;
}

/** A failure as Passport's flash and custom callbacks read it: a `message` and our error `code`. */
export interface FailureInfo {
  message: string;
  code: string;
}

// Outcomes that are the patron's (or the browser's) doing, not an outage: Passport calls those failures.
const FAILURE_STATUS: Readonly<Record<string, number>> = {
  invalid_credentials: 401,
  invalid_input: 401,
  access_denied: 403,
  // passport-oauth2 answers 403 to a state it cannot verify.
  state_mismatch: 403,
};

/**
 * Wrong card/PIN, hostile input, a declined consent and a state that does not check out are `fail()`; an
 * outage, a timeout, a refused client or a token endpoint error reach `error()` as the `IlsAuthError`
 * itself, never as an opaque "Failed to obtain access token".
 */
export function settleError(strategy: StrategyActions, error: unknown): void {
  const code = errorCode(error);
  const status = code === undefined ? undefined : FAILURE_STATUS[code];
  if (code !== undefined && status !== undefined) {
    const failure: FailureInfo = { message: (error as Error).message, code };
    strategy.fail(failure, status);
    return;
  }
  strategy.error(error instanceof Error ? error : new Error('the sign-in failed'));
}

/** Duck-typed too: with both the ESM and CJS builds of core loaded, `instanceof` can miss. */
function errorCode(error: unknown): string | undefined {
  if (isIlsAuthError(error)) return error.code;
  if (error instanceof Error && error.name === 'IlsAuthError') {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
