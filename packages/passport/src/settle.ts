import type { PatronSession } from '@ils-auth/core';
import type { PassportActions } from './strategy-base.js';

/**
 * Passport's actions for one request, guarded so that only the first is taken: a verify that both calls
 * `done` and returns a promise, or an error after `success()`, must not answer the request twice.
 */
export function settleOnce(strategy: PassportActions): PassportActions {
  let settled = false;
  const guard =
    <A extends unknown[]>(action: (...args: A) => void) =>
    (...args: A): void => {
      if (settled) return;
      settled = true;
      action.apply(strategy, args);
    };
  return {
    success: guard(strategy.success),
    fail: guard(strategy.fail),
    redirect: guard(strategy.redirect),
    pass: guard(strategy.pass),
    error: guard(strategy.error),
  };
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
