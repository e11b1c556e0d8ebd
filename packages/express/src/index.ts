import './express-request.js';

export { httpStatusFor } from '@ils-auth/core';
export { safeReturnTo } from '@ils-auth/core/web';
export {
  type ErrorHandlerOptions,
  ilsAuthErrorHandler,
} from './error-handler.js';
export { type IlsAuthRouter, ilsAuth } from './ils-auth.js';
export type {
  IlsAuthOptions,
  ProviderSettings,
  SignInMethod,
  ThrottleLimit,
  ThrottleOptions,
} from './options.js';
export type { Patron } from './patron.js';
export type { IlsRequestContext } from './request-context.js';
export { type RequirePatronOptions, requirePatron } from './require-patron.js';
