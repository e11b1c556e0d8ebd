import type { PatronProfile, PatronSession } from '@ils-auth/core';
import type { VerifyCallback } from './verify.js';
import type { StrategyRequest } from './web-request.js';

/**
 * passport-oauth2's `params`: the provider's token response without the tokens themselves (they are the
 * verify's first two arguments), plus the core session that now holds them.
 */
export interface TokenParams {
  readonly [field: string]: unknown;
  /**
   * The core session holding the patron's tokens server-side. Keep `patronSession.id` (not the tokens) with
   * your user to make API calls later through `strategy.auth.fetch(id, …)`.
   */
  readonly patronSession: PatronSession;
}

/**
 * `(accessToken, refreshToken, profile, done)`, passport-oauth2's usual form; also
 * `async (accessToken, refreshToken, profile) => user`. `refreshToken` is undefined when the provider
 * issues none (Sierra).
 */
export type CodeFlowVerify = (
  accessToken: string,
  refreshToken: string | undefined,
  profile: PatronProfile,
  done: VerifyCallback,
) => unknown;

/**
 * `(accessToken, refreshToken, params, profile, done)`; also `async (accessToken, refreshToken, params,
 * profile) => user` (then it must be an `async` function). TypeScript needs the parameters annotated for this
 * form: an unannotated callback is typed as the form without `params`.
 */
export type CodeFlowVerifyWithParams = (
  accessToken: string,
  refreshToken: string | undefined,
  params: TokenParams,
  profile: PatronProfile,
  done: VerifyCallback,
) => unknown;

// With `passReqToCallback: true`. Declared as methods so that a verify annotated with Express's own
// `Request` type is accepted too (method parameters are compared both ways).

/** `(req, accessToken, refreshToken, profile, done)` or `async (req, accessToken, refreshToken, profile)`. */
export type CodeFlowVerifyWithRequest = {
  verify(
    req: StrategyRequest,
    accessToken: string,
    refreshToken: string | undefined,
    profile: PatronProfile,
    done: VerifyCallback,
  ): unknown;
}['verify'];

/** `(req, accessToken, refreshToken, params, profile, done)`; annotate the parameters, as above. */
export type CodeFlowVerifyWithRequestAndParams = {
  verify(
    req: StrategyRequest,
    accessToken: string,
    refreshToken: string | undefined,
    params: TokenParams,
    profile: PatronProfile,
    done: VerifyCallback,
  ): unknown;
}['verify'];

export type AnyCodeFlowVerify =
  | CodeFlowVerify
  | CodeFlowVerifyWithParams
  | CodeFlowVerifyWithRequest
  | CodeFlowVerifyWithRequestAndParams;
