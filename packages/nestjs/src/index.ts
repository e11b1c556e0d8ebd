// The module and its options.

export {
  httpStatusOf,
  type IlsAuthErrorBody,
  IlsAuthHttpException,
  toHttpException,
} from './http-exception.js';
export type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
export { IlsAuthModule } from './ils-auth.module.js';
export {
  ILS_AUTH_OPTIONS,
  type IlsAuthModuleAsyncOptions,
  type IlsAuthModuleRootOptions,
} from './ils-auth.module-definition.js';
// In controllers and services.
export { IlsAuthService } from './ils-auth.service.js';
// Errors as Nest HTTP answers.
export { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
// Guards and the signed-in patron.
export { IlsLoginGuard, type IlsLoginInfo } from './ils-login.guard.js';
export type {
  IlsAuthModuleOptions,
  IlsAuthProviderSettings,
  SignInMode,
  ThrottleLimit,
  ThrottleOptions,
} from './options.js';
export { Patron } from './patron.decorator.js';
export { PatronGuard } from './patron.guard.js';
