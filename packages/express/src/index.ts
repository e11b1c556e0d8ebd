import './ils-request.js';

export { httpStatusFor } from '@ils-auth/core';
// Core's hook types, one definition each: `Req` is Express's `Request` in hooks written in `ilsAuth({ … })`;
// a hooks object declared on its own names it: `IlsAuthCallbacks<User, Request>`.
export type {
  IlsAuthCallbacks,
  IlsAuthEvents,
  Patron,
  PatronFetchInit,
  SignInCallbackMessage,
  SignInCallbackResult,
  SignInEventMessage,
  SignOutEventMessage,
} from '@ils-auth/core/web';
export { safeReturnTo } from '@ils-auth/core/web';
export { type ErrorHandlerOptions, ilsAuthErrorHandler } from './error-handler.js';
export { ilsAuthHealth } from './health-route.js';
export { type IlsAuthRouter, ilsAuth } from './ils-auth.js';
export type { IlsRequest, IlsRequest as IlsRequestContext } from './ils-request.js';
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
