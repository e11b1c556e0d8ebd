// @ils-auth/core/web: the framework-free web layer every framework shim is built on.
// Moved here from the root entry, which lists only what an application uses (sorted first, by its path).
export { mustSignInAgain } from '../errors/http-status.js';
export { type BoundedLogger, createBoundedLogger, type LineLogger } from './bounded-logger.js';
export { normalizeClientIp } from './client-ip.js';
export { cookieNameFor, readCookie, type SetCookie, serializeSetCookie } from './cookies.js';
// The engine: every step of the sign-in flow, for the adapters (Express, NestJS, Passport).
export type { AcceptedSignIn } from './engine/accept-sign-in.js';
export { cookieTransactionHolder } from './engine/cookie-transaction-holder.js';
export { EngineRequest, type SignInAnswer } from './engine/engine-request.js';
export type { EngineAdapter, EngineOptions, EngineSetup } from './engine/engine-setup.js';
export { type ErrorAnswer, errorAnswer, retryAfterHeaders } from './engine/error-answer.js';
export { IlsAuthEngine } from './engine/ils-auth-engine.js';
export {
  checkPatronField,
  PATRON_FIELDS,
  type Patron,
  type PatronField,
  patronFromSession,
} from './engine/patron.js';
export { type PatronFetchInit, patronFetch } from './engine/patron-fetch.js';
export { PENDING_TRANSACTION_LIMIT, takePending, withPending } from './engine/pending-transactions.js';
export type { PinForm } from './engine/pin-sign-in.js';
export { sessionTransactionHolder } from './engine/session-transaction-holder.js';
export { signInAgain, signInAgainLocation } from './engine/sign-in-again.js';
export {
  emitEvent,
  type IlsAuthCallbacks,
  type IlsAuthEvents,
  type SignInCallbackMessage,
  type SignInEventMessage,
  type SignOutEventMessage,
} from './engine/sign-in-hooks.js';
export { signInLocation } from './engine/sign-in-location.js';
export type { SignInStep, SignInStepOptions } from './engine/sign-in-step.js';
export { type SignOutOptions, signOut } from './engine/sign-out.js';
export type { SignedIn } from './engine/signed-in.js';
export type {
  HeldTransaction,
  TransactionContext,
  TransactionHolder,
} from './engine/transaction-holder.js';
export type { WebProvider } from './engine/web-provider.js';
export type { WebRedirect } from './engine/web-redirect.js';
export { cookiesOf } from './error-cookies.js';
export {
  LoginThrottle,
  normalizeBarcode,
  type ThrottleLimit,
  type ThrottleStoreOutage,
} from './login-throttle.js';
export { isPageRequest, wantsJson } from './negotiation.js';
export { pinlessAllowed } from './pinless-sign-in.js';
export { offersCodeFlow, type ProviderSettings, type SignInMethod } from './provider-settings.js';
export { publicFailureCode, SIGN_IN_FAILURE_CODES } from './public-error-code.js';
export { type AllowedHosts, publicOrigin } from './public-origin.js';
export { asciiLocation, isLocalPath, safeReturnTo, withQuery } from './return-to.js';
export { assertSameOrigin } from './same-origin.js';
export { createSealer, type Sealer } from './sealer.js';
export { logServerError } from './server-error-log.js';
export { type SignInCallbackResult, SignInDeniedError } from './sign-in-decision.js';
export { failureLocation } from './sign-in-failure.js';
export { SIGN_IN_HEADERS } from './sign-in-headers.js';
export type { IpThrottleLimit } from './throttle-address-key.js';
export { throttledLogin } from './throttled-login.js';
export { asTransaction } from './transaction-cookie.js';
export {
  checkRoutesPath,
  checkSecret,
  invalidOption,
  MIN_SECRET_LENGTH,
  type ResolvedWebOptions,
  refuseUnknownOptions,
  resolveWebOptions,
  type ThrottleOptions,
  WEB_OPTION_NAMES,
  type WebOptions,
} from './web-options.js';
export type { WebRequest } from './web-request.js';
