// @ils-auth/core/web: the framework-free web layer every framework shim is built on.
export {
  type BoundedLogger,
  createBoundedLogger,
  DEFAULT_LOG_INTERVAL_SECONDS,
  type LineLevel,
  type LineLogger,
} from './bounded-logger.js';
export { normalizeClientIp } from './client-ip.js';
export { cookieNameFor, readCookie, type SetCookie, serializeSetCookie } from './cookies.js';
// The engine: every step of the sign-in flow, for the adapters (Express, NestJS, Passport).
export type { AcceptedSignIn } from './engine/accept-sign-in.js';
export { EngineRequest, type SignInAnswer } from './engine/engine-request.js';
export type { EngineAdapter, EngineOptions, EngineSetup } from './engine/engine-setup.js';
export { type ErrorAnswer, errorAnswer } from './engine/error-answer.js';
export { IlsAuthEngine } from './engine/ils-auth-engine.js';
export { PATRON_FIELDS, type Patron, type PatronField, patronFromSession } from './engine/patron.js';
export { type PatronFetchInit, patronFetch } from './engine/patron-fetch.js';
export type { PinForm } from './engine/pin-sign-in.js';
export {
  emitEvent,
  HOOK_OPTION_NAMES,
  type IlsAuthCallbacks,
  type IlsAuthEvents,
  type SignInCallbackMessage,
  type SignInEventMessage,
  type SignInHooks,
  type SignOutEventMessage,
} from './engine/sign-in-hooks.js';
export { signInLocation } from './engine/sign-in-location.js';
export type { SignInStep } from './engine/sign-in-step.js';
export { type SignOutOptions, signOut } from './engine/sign-out.js';
export type { SignedIn } from './engine/signed-in.js';
export type { WebProvider } from './engine/web-provider.js';
export type { WebRedirect } from './engine/web-redirect.js';
export { attachCookies, cookiesOf } from './error-cookies.js';
export { forwardingClient } from './forwarding-client.js';
export {
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  LoginThrottle,
  normalizeBarcode,
  type ThrottleAttempt,
  type ThrottleLimit,
  type ThrottleStoreOutage,
} from './login-throttle.js';
export { wantsJson } from './negotiation.js';
export { pinlessAllowed } from './pinless-sign-in.js';
export {
  checkSignIn,
  defaultSignIn,
  isDescriptor,
  offersCodeFlow,
  type ProviderSettings,
  type ResolvedProviderSettings,
  resolveProviderSettings,
  type SignInMethod,
} from './provider-settings.js';
export { publicErrorCode, publicFailureCode, SIGN_IN_FAILURE_CODES } from './public-error-code.js';
export { type AllowedHosts, parseOrigin, publicOrigin } from './public-origin.js';
export { asciiLocation, isLocalPath, safeReturnTo, withQuery } from './return-to.js';
export { assertSameOrigin } from './same-origin.js';
export { createSealer, type Sealer } from './sealer.js';
export { logServerError } from './server-error-log.js';
export { formatSessionCookie, parseSessionCookie, type SessionCookieValue } from './session-cookie.js';
export { SessionUsers } from './session-users.js';
export {
  decideSignIn,
  type SignInCallbackResult,
  type SignInDecision,
  SignInDeniedError,
} from './sign-in-decision.js';
export { failureLocation, signInFailureRedirect } from './sign-in-failure.js';
export { SIGN_IN_HEADERS } from './sign-in-headers.js';
export { SIGNED_OUT_EVERYWHERE_DAYS, SignedOutEverywhere } from './signed-out-everywhere.js';
export {
  DEFAULT_IPV6_PREFIX_LENGTH,
  type IpThrottleLimit,
  throttleAddressKey,
} from './throttle-address-key.js';
export { throttledLogin } from './throttled-login.js';
export { asTransaction, transactionCookieBase } from './transaction-cookie.js';
export {
  checkSecret,
  checkTransactionMaxAge,
  invalidOption,
  isTokenStore,
  MIN_SECRET_LENGTH,
  type ResolvedWebOptions,
  refuseUnknownOptions,
  resolveWebOptions,
  type ThrottleOptions,
  WEB_OPTION_NAMES,
  type WebOptions,
} from './web-options.js';
export { headerOf, type WebRequest } from './web-request.js';
