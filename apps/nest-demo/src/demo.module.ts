import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import { appCredentialCalls } from '@ils-auth/demo-support';
import type { AllEmulators } from '@ils-auth/emulator';
import { IlsAuthModule } from '@ils-auth/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { demoProviders, testCredentials } from './demo-providers.js';
import { APP_CREDENTIAL_CALLS, DEMO_CREDENTIALS, KOHA_PATRON_IDS, OIDC_USERINFO_URL } from './demo-tokens.js';
import { FiveSystemsController } from './five-systems.controller.js';
import { HomeController } from './home.controller.js';
import { KohaController } from './koha.controller.js';

export interface DemoModuleOptions {
  emulators: AllEmulators;
  oidc: DemoOidcServer;
  /** Seals the sign-in transaction cookie and keys the PIN throttle: at least 32 characters. */
  secret: string;
}

/** The demo app: every provider flow against the given emulators and OpenID server. */
@Module({})
export class DemoModule {
  static forDemo({ emulators, oidc, secret }: DemoModuleOptions): DynamicModule {
    return {
      module: DemoModule,
      imports: [
        IlsAuthModule.forRoot({
          secret,
          providers: demoProviders(emulators, oidc),
          defaultReturnTo: '/account',
          // A failed sign-in from a page comes back to `/signin` with a code (its form, for a PIN), never as JSON.
          failureRedirect: '/signin',
          clientOptions: { userAgent: 'ils-auth-nest-demo/0.0 (+https://github.com/ils-auth/ils-auth)' },
        }),
      ],
      controllers: [HomeController, AuthController, AccountController, KohaController, FiveSystemsController],
      providers: [
        { provide: DEMO_CREDENTIALS, useValue: testCredentials(emulators, oidc) },
        { provide: OIDC_USERINFO_URL, useValue: oidc.userinfoUrl },
        { provide: KOHA_PATRON_IDS, useValue: emulators.koha.patrons.map((patron) => patron.patron_id) },
        { provide: APP_CREDENTIAL_CALLS, useValue: appCredentialCalls(emulators) },
      ],
    };
  }
}
