import type { AllEmulators } from '@ils-auth/emulator';
import { IlsAuthModule } from '@ils-auth/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { demoProviders, testCredentials } from './demo-providers.js';
import { DEMO_CREDENTIALS } from './demo-tokens.js';
import { HomeController } from './home.controller.js';

export interface DemoModuleOptions {
  emulators: AllEmulators;
  /** Seals the sign-in transaction cookie and keys the PIN throttle: at least 32 characters. */
  secret: string;
}

/** The demo app: every provider flow against the given emulators. */
@Module({})
export class DemoModule {
  static forEmulators({ emulators, secret }: DemoModuleOptions): DynamicModule {
    return {
      module: DemoModule,
      imports: [
        IlsAuthModule.forRoot({
          secret,
          providers: demoProviders(emulators),
          defaultReturnTo: '/account',
          clientOptions: { userAgent: 'ils-auth-nest-demo/0.0 (+https://github.com/ils-auth/ils-auth)' },
        }),
      ],
      controllers: [HomeController, AuthController, AccountController],
      providers: [{ provide: DEMO_CREDENTIALS, useValue: testCredentials(emulators) }],
    };
  }
}
