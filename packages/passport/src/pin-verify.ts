import type { PatronProfile, PatronSession } from '@ils-auth/core';
import type { VerifyCallback } from './verify.js';
import type { StrategyRequest } from './web-request.js';

/**
 * `(profile, session, done)` or `async (profile, session) => user`. Keep `session.id` (not a PIN) with your
 * user to call the API for the patron later through `strategy.auth.fetch(id, …)`.
 */
export type PinVerify = (profile: PatronProfile, session: PatronSession, done: VerifyCallback) => unknown;

/**
 * `(profile, done)`, passport-local's shape without the session; `async (profile) => user` fits `PinVerify`.
 * TypeScript needs the parameters annotated for this form.
 */
export type PinVerifyProfileOnly = (profile: PatronProfile, done: VerifyCallback) => unknown;

// With `passReqToCallback: true`; methods, so that a verify annotated with Express's `Request` is accepted.

/** `(req, profile, session, done)` or `async (req, profile, session) => user`. */
export type PinVerifyWithRequest = {
  verify(req: StrategyRequest, profile: PatronProfile, session: PatronSession, done: VerifyCallback): unknown;
}['verify'];

/** `(req, profile, done)`; annotate the parameters, as above. */
export type PinVerifyWithRequestProfileOnly = {
  verify(req: StrategyRequest, profile: PatronProfile, done: VerifyCallback): unknown;
}['verify'];

export type AnyPinVerify =
  | PinVerify
  | PinVerifyProfileOnly
  | PinVerifyWithRequest
  | PinVerifyWithRequestProfileOnly;
