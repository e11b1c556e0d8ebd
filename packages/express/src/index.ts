import './express-request.js';

export { httpStatusFor } from '@ils-auth/core';
export type { Patron, SignInCallbackResult } from '@ils-auth/core/web';
export { safeReturnTo } from '@ils-auth/core/web';
export {
  type ErrorHandlerOptions,
  ilsAuthErrorHandler,
} from './error-handler.js';
export { ilsAuthHealth } from './health-route.js';
export { type IlsAuthRouter, ilsAuth } from './ils-auth.js';
export type { IlsRequest, IlsRequest as IlsRequestContext, PatronFetchInit } from './ils-request.js';
export type {
  IlsAuthOptions,
  ProviderSettings,
  SignInMethod,
  ThrottleLimit,
  ThrottleOptions,
} from './options.js';
export {
  type PatronHandler,
  type PatronRequest,
  type RequirePatronOptions,
  requirePatron,
} from './require-patron.js';
export type * from './sign-in-hooks.js';
