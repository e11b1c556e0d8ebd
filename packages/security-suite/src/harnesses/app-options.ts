import { koha, rero, sierra } from '@ils-auth/core';
import type { Harness, HarnessEnvironment } from '../harness.js';

/** The routes of an app built on core's web layer (the Express router, the NestJS module): same paths. */
export const WEB_APP_ROUTES = {
  pinLogin: '/auth/card/login',
  kohaPinLogin: '/auth/koha/login',
  sip2PinLogin: '/auth/sip2/login',
  codeLogin: '/auth/rero/login',
  logout: '/auth/logout',
  patron: '/me',
  sessionCookie: 'ils_session',
  cataloguePatron: '/me/catalogue',
} as const satisfies Partial<Harness>;

/**
 * The options `ilsAuth()` and `IlsAuthModule.forRoot()` share (core's web options): Sierra by PIN as
 * `card` and again as `catalogue` (one provider under two names, whose sessions must not pass for each
 * other), RERO ILS by its pages (code flow) as `rero`, Koha by card number and password as `koha`,
 * the SIP2 library by card and PIN as `sip2`.
 */
export function webAppOptions(environment: HarnessEnvironment) {
  const { emulators } = environment;
  return {
    secret: environment.secret,
    store: environment.store,
    throttle: environment.throttle,
    clientOptions: { signInTimeoutMs: environment.signInTimeoutMs },
    providers: {
      card: {
        provider: sierra({ baseUrl: emulators.sierra.url, ...emulators.sierra.credentials }),
        signIn: 'pin' as const,
      },
      catalogue: {
        provider: sierra({ baseUrl: emulators.sierra.url, ...emulators.sierra.credentials }),
        signIn: 'pin' as const,
      },
      rero: rero({ baseUrl: emulators.rero.url, ...emulators.rero.credentials }),
      koha: {
        provider: koha({ baseUrl: emulators.koha.url, ...emulators.koha.credentials }),
        signIn: 'pin' as const,
      },
      sip2: { provider: environment.sip2, signIn: 'pin' as const },
    },
  };
}
