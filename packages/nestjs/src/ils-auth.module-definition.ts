import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { IlsAuthModuleOptions } from './options.js';

/** `forRoot(options)` and `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`, plus `isGlobal`. */
export const {
  ConfigurableModuleClass: IlsAuthConfigurableModule,
  MODULE_OPTIONS_TOKEN: ILS_AUTH_OPTIONS,
  OPTIONS_TYPE: ILS_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ILS_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IlsAuthModuleOptions>({ moduleName: 'IlsAuth' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** What `IlsAuthModule.forRoot()` takes: the options, and `isGlobal` to make the service available everywhere. */
export type IlsAuthModuleRootOptions = typeof ILS_AUTH_OPTIONS_TYPE;
/** What `IlsAuthModule.forRootAsync()` takes. */
export type IlsAuthModuleAsyncOptions = typeof ILS_AUTH_ASYNC_OPTIONS_TYPE;
