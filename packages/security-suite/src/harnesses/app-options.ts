import { koha, rero, sierra } from '@ils-auth/core';
import type { HarnessEnvironment } from '../harness.js';

/**
 * The options `ilsAuth()` and `IlsAuthModule.forRoot()` share (core's web options): Sierra by PIN as
 * `card`, RERO ILS by its pages (code flow) as `rero`, Koha by card number and password as `koha`,
 * the SIP2 library by card and PIN as `sip2`.
 */
export function webAppOptions(environment: HarnessEnvironment) {
  const { emulators } = environment;
  return {
    secret: environment.secret,
    store: environment.store,
    throttle: environment.throttle,
    providers: {
      card: {
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
