import {
  alma,
  evergreen,
  folio,
  koha,
  type ProviderDescriptor,
  polaris,
  rero,
  sierra,
  symphony,
} from '@ils-auth/core';
import {
  DESCRIPTOR_PIN_SYSTEMS,
  type DescriptorPinSystem,
  type Harness,
  type HarnessEnvironment,
} from '../harness.js';

/** FOLIO, Polaris, Symphony, Alma and Evergreen, each pointed at its emulator, by the name it is configured under. */
export function descriptorPinProviders({
  emulators,
}: HarnessEnvironment): Record<DescriptorPinSystem, ProviderDescriptor> {
  return {
    folio: folio({ okapiUrl: emulators.folio.url, ...emulators.folio.credentials }),
    polaris: polaris({ baseUrl: emulators.polaris.baseUrl, ...emulators.polaris.credentials }),
    symphony: symphony({ baseUrl: emulators.symphony.baseUrl, ...emulators.symphony.credentials }),
    alma: alma({ apiUrl: emulators.alma.apiUrl, apiKey: emulators.alma.credentials.apiKey }),
    evergreen: evergreen({ baseUrl: emulators.evergreen.url, ...emulators.evergreen.credentials }),
  };
}

/** Each descriptor PIN system's sign-in route: `/auth/<name>/login`, in every integration. */
export const DESCRIPTOR_PIN_LOGINS = Object.fromEntries(
  DESCRIPTOR_PIN_SYSTEMS.map((name) => [name, `/auth/${name}/login`]),
) as Record<DescriptorPinSystem, string>;

/** The routes of an app built on core's web layer (the Express router, the NestJS module): same paths. */
export const WEB_APP_ROUTES = {
  pinLogin: '/auth/card/login',
  kohaPinLogin: '/auth/koha/login',
  sip2PinLogin: '/auth/sip2/login',
  descriptorPinLogins: DESCRIPTOR_PIN_LOGINS,
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
 * the SIP2 library by card and PIN as `sip2`, and FOLIO, Polaris, Symphony, Alma and Evergreen by card and
 * PIN under their own names.
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
      ...Object.fromEntries(
        Object.entries(descriptorPinProviders(environment)).map(([name, provider]) => [
          name,
          { provider, signIn: 'pin' as const },
        ]),
      ),
    },
  };
}
