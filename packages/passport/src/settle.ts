import { httpStatusFor, isIlsAuthError, type PatronAuth, type PatronSession } from '@ils-auth/core';
import { retryAfterHeaders, SIGN_IN_HEADERS } from '@ils-auth/core/web';
import type { PassportActions } from './strategy-base.js';
import type { VerifyOutcome } from './verify.js';
import type { StrategyRequest } from './web-request.js';

/**
 * Passport's actions for one request, guarded so that only the first is taken: a verify that both calls
 * `done` and returns a promise, or an error after `success()`, must not answer the request twice. Every
 * answer but `pass()` is a sign-in answer (a redirect with a transaction, a new session, a refusal), so
 * core's sign-in headers (`Cache-Control: no-store`) go on `req.res` first, and a throttled attempt's wait
 * goes out as `Retry-After`.
 */
export function settleOnce(strategy: PassportActions, req: StrategyRequest): PassportActions {
  let settled = false;
  const guard =
    <A extends unknown[]>(action: (...args: A) => void, signIn = true) =>
    (...args: A): void => {
      if (settled) return;
      settled = true;
      if (signIn) setSignInHeaders(req, args[0], args[1]);
      action.apply(strategy, args);
    };
  return {
    success: guard(strategy.success),
    fail: guard(strategy.fail),
    redirect: guard(strategy.redirect),
    pass: guard(strategy.pass, false),
    error: guard(strategy.error),
  };
}

/**
 * Core's sign-in headers, and core's `Retry-After` rule for an answer that says when to come back:
 * `fail(challenge, status)` with a throttled attempt's wait, or `error(err)` with core's error (its status).
 */
function setSignInHeaders(req: StrategyRequest, challenge: unknown, status: unknown): void {
  const res = req.res;
  if (!res || typeof res.setHeader !== 'function' || res.headersSent) return;
  const retryAfter = (challenge as { retryAfter?: unknown } | null | undefined)?.retryAfter;
  const answered =
    typeof status === 'number' ? status : isIlsAuthError(challenge) ? httpStatusFor(challenge) : 0;
  const headers =
    typeof retryAfter === 'number'
      ? { ...SIGN_IN_HEADERS, ...retryAfterHeaders(retryAfter, answered) }
      : SIGN_IN_HEADERS;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** What a successful sign-in adds to the verify's `info` (Passport puts it in `req.authInfo`). */
export interface VerifiedInfo {
  /** The `returnTo` given to `passport.authenticate()` when the sign-in started (code flows). */
  returnTo?: string;
}

/** The info for `success()`: the verify's own, plus `patronSession`, unless the verify set that itself. */
export function withSession(info: unknown, session: PatronSession, extra: VerifiedInfo = {}): unknown {
  if (info === undefined || info === null) return { patronSession: session, ...extra };
  if (typeof info !== 'object' || Array.isArray(info)) return info;
  return { patronSession: session, ...extra, ...info };
}

/**
 * Settles a sign-in by the verify callback's outcome: a user signs the patron in (`success`, with the
 * session in `info`); a refusal (`fail`) or an error deletes the new session first, since the patron's
 * tokens must not stay behind in the store, as the engine does when a `signIn` callback refuses.
 */
export function settleVerified(
  actions: PassportActions,
  auth: PatronAuth,
  session: PatronSession,
  outcome: VerifyOutcome,
  extra: VerifiedInfo = {},
): void {
  if (outcome.error || !outcome.user) {
    auth.logout(session.id).catch(() => undefined);
    if (outcome.error) {
      actions.error(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
    } else {
      actions.fail(outcome.info);
    }
    return;
  }
  actions.success(outcome.user, withSession(outcome.info, session, extra));
}
