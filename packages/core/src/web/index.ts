// @ils-auth/core/web: the framework-free web layer every framework shim is built on.
export { normalizeClientIp } from './client-ip.js';
export { cookieNameFor, readCookie, type SetCookie, serializeSetCookie } from './cookies.js';
export { forwardingClient } from './forwarding-client.js';
export {
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  LoginThrottle,
  normalizeBarcode,
  type ThrottleAttempt,
  type ThrottleLimit,
} from './login-throttle.js';
export {
  checkSignIn,
  defaultSignIn,
  isDescriptor,
  type ProviderSettings,
  type ResolvedProviderSettings,
  resolveProviderSettings,
  type SignInMethod,
} from './provider-settings.js';
export { parseOrigin, publicOrigin } from './public-origin.js';
export { isLocalPath, safeReturnTo, withQuery } from './return-to.js';
export { assertSameOrigin } from './same-origin.js';
export { createSealer, type Sealer } from './sealer.js';
export { SIGN_IN_HEADERS } from './sign-in-headers.js';
export { throttledLogin } from './throttled-login.js';
export { asTransaction, transactionCookieBase } from './transaction-cookie.js';
export {
  cookiesOf,
  type SessionCookieValue,
  type SignedIn,
  WebAuth,
  type WebAuthOptions,
  type WebProvider,
  type WebRedirect,
} from './web-auth.js';
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
