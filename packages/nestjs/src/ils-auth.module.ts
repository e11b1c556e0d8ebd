import { Module } from '@nestjs/common';
import { IlsAuthHealthIndicator } from './ils-auth.health.js';
import { IlsAuthConfigurableModule } from './ils-auth.module-definition.js';
import { IlsAuthService } from './ils-auth.service.js';
import { PatronGuard } from './patron.guard.js';

/**
 * `IlsAuthModule.forRoot({ providers, secret, store?, … })`, or `forRootAsync({ imports, inject, useFactory })`
 * for options from a config service; `isGlobal: true` makes `IlsAuthService` and the guards usable in every
 * module without importing this one again.
 */
@Module({
  providers: [IlsAuthService, PatronGuard, IlsAuthHealthIndicator],
  exports: [IlsAuthService, PatronGuard, IlsAuthHealthIndicator],
})
export class IlsAuthModule extends IlsAuthConfigurableModule {}
