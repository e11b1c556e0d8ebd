// Core's definitions, one for every adapter: the sign-in hooks (handed an `IlsAuthRequest`), a provider
// with settings (`signIn`, `scopes`, `sessionTtlSeconds`, …), how patrons sign in with it, the throttle.
export type {
  IlsAuthCallbacks,
  IlsAuthEvents,
  ProviderSettings as IlsAuthProviderSettings,
  SignInCallbackMessage,
  SignInEventMessage,
  SignInMethod as SignInMode,
  SignOutEventMessage,
  ThrottleLimit,
  ThrottleOptions,
} from '@ils-auth/core/web';

export {
  httpStatusOf,
  type IlsAuthErrorBody,
  IlsAuthHttpException,
  toHttpException,
} from './http-exception.js';
export type {
  IlsAuthPlatformResponse,
  IlsAuthReply,
  IlsAuthRequest,
  IlsAuthResponse,
} from './http-types.js';
export { IlsAuthHealthIndicator, type IlsAuthHealthResult } from './ils-auth.health.js';
// The module and its options.
export { IlsAuthModule } from './ils-auth.module.js';
export {
  ILS_AUTH_OPTIONS,
  type IlsAuthModuleAsyncOptions,
  type IlsAuthModuleRootOptions,
} from './ils-auth.module-definition.js';
// In controllers and services.
export { IlsAuthService, type LogoutOptions } from './ils-auth.service.js';
// Errors as Nest HTTP answers.
export { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
// Guards and the signed-in patron.
export { IlsLoginGuard, type IlsLoginInfo } from './ils-login.guard.js';
export type { IlsAuthModuleOptions } from './options.js';
export { PatronGuard } from './patron.guard.js';
export { Patron, type PatronField } from './patron.js';
export { IS_PUBLIC, Public } from './public.decorator.js';
// The sign-out route behind a global PatronGuard.
export { IS_SIGN_OUT_ROUTE, SignOutRoute } from './sign-out-route.decorator.js';
