// Code flows: the patron signs in on the provider's pages.

// Helpers.
export { MIN_SECRET_LENGTH } from '@ils-auth/core/web';
export {
  type CodeFlowAuthenticateOptions,
  CodeFlowStrategy,
  type CodeFlowStrategyOptions,
} from './code-flow-strategy.js';
export type {
  CodeFlowVerify,
  CodeFlowVerifyWithParams,
  CodeFlowVerifyWithRequest,
  CodeFlowVerifyWithRequestAndParams,
  TokenParams,
} from './code-flow-verify.js';
// Where the sign-in transaction waits for the callback.
export { CookieTransactionStore, type CookieTransactionStoreOptions } from './cookie-transaction-store.js';
export { type FailureRedirectOptions, failureRedirectFor } from './failure-redirect.js';
export { IlsOAuth2Strategy, type IlsOAuth2StrategyOptions } from './ils-oauth2-strategy.js';
export { IlsPinStrategy, type IlsPinStrategyOptions } from './ils-pin-strategy.js';
export type { FailureInfo } from './outcome.js';
export { OverDriveStrategy, type OverDriveStrategyOptions } from './overdrive-strategy.js';
// Barcode + PIN: the app's own form.
export { type PinAuthenticateOptions, PinStrategy, type PinStrategyOptions } from './pin-strategy.js';
export type {
  PinVerify,
  PinVerifyProfileOnly,
  PinVerifyWithRequest,
  PinVerifyWithRequestProfileOnly,
} from './pin-verify.js';
export { ReroStrategy, type ReroStrategyOptions } from './rero-strategy.js';
export { SessionTransactionStore } from './session-transaction-store.js';
export type { VerifiedInfo } from './settle.js';
export { SierraPinStrategy, type SierraPinStrategyOptions } from './sierra-pin-strategy.js';
export { SierraStrategy, type SierraStrategyOptions } from './sierra-strategy.js';
// Signing out: the same rules as ilsAuth()'s sign-out route.
export { type PassportSignOutOptions, passportSignOut, type SignOutStrategy } from './sign-out.js';
export type { PassportActions, PassportStrategyLike, WithRequest } from './strategy-base.js';
export type {
  SiteRules,
  StrategyPatronOptions,
  StrategyWebOptions,
} from './strategy-options.js';
export type { TransactionContext, TransactionStore } from './transaction-store.js';
export type { VerifyCallback } from './verify.js';
export type { StrategyRequest } from './web-request.js';
