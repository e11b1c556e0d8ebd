import './ils-request.js';

export { httpStatusFor } from '@ils-auth/core';
export type { Patron, PatronFetchInit, SignInCallbackResult } from '@ils-auth/core/web';
export { safeReturnTo } from '@ils-auth/core/web';
export { type ErrorHandlerOptions, ilsAuthErrorHandler } from './error-handler.js';
export { ilsAuthHealth } from './health-route.js';
export { type IlsAuthRouter, ilsAuth } from './ils-auth.js';
export type { IlsRequest, IlsRequest as IlsRequestContext } from './ils-request.js';
export type {
  IlsAuthCallbacks,
  IlsAuthEvents,
  IlsAuthOptions,
  ProviderSettings,
  SignInCallbackMessage,
  SignInEventMessage,
  SignInMethod,
  SignOutEventMessage,
  ThrottleLimit,
  ThrottleOptions,
} from './options.js';
export {
  type PatronHandler,
  type PatronRequest,
  type RequirePatronOptions,
  requirePatron,
} from './require-patron.js';
