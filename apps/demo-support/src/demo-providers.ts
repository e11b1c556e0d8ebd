import {
  alma,
  evergreen,
  folio,
  koha,
  oauth2,
  overdrive,
  type ProviderDescriptor,
  polaris,
  rero,
  sierra,
  sip2,
  symphony,
} from '@ils-auth/core';
import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import type { AllEmulators } from '@ils-auth/emulator';
import type { FiveSystemName } from './five-systems.js';

/**
 * The route name of the OpenID Connect sign-in in both demos: the OpenID server registers
 * `<url>/auth/library/callback` exactly, so the name is part of the registration.
 */
export const LIBRARY_SSO_ROUTE = 'library';

/** Sierra, at the emulator: its login page (authorization code) and card + PIN both use this one. */
function demoSierra(emulators: AllEmulators): ProviderDescriptor {
  return sierra({ baseUrl: emulators.sierra.url, ...emulators.sierra.credentials });
}

/**
 * One of the OverDrive emulator's two websites: `pin` asks for card and PIN, `pinless` for the card
 * alone. Both sign patrons in with OverDrive's legacy password grant.
 */
function demoOverDrive(emulators: AllEmulators, website: 'pin' | 'pinless'): ProviderDescriptor {
  const od = emulators.overdrive;
  return overdrive({
    ...od.credentials,
    allowPasswordGrant: true,
    oauthUrl: od.oauthUrl,
    patronOauthUrl: od.patronOauthUrl,
    apiUrl: od.apiUrl,
    patronApiUrl: od.patronApiUrl,
    ...(website === 'pinless' ? { websiteId: od.pinlessWebsiteId, pinless: true } : {}),
  });
}

/** RERO ILS: its sign-in and consent pages, code flow with PKCE; tokens renewed by refresh. */
function demoRero(emulators: AllEmulators): ProviderDescriptor {
  return rero({ baseUrl: emulators.rero.url, ...emulators.rero.credentials });
}

/**
 * Any OpenID Connect server through the generic provider: endpoints, PKCE and RFC 9207 `iss` from its
 * discovery document, the id_token checked against its keys, the profile from the claims and UserInfo.
 */
function demoLibrarySso(oidc: DemoOidcServer): ProviderDescriptor {
  return oauth2({
    id: 'library-sso',
    displayName: 'Library SSO',
    issuer: oidc.issuer,
    ...oidc.client,
    scopes: ['openid', 'profile', 'email'],
  });
}

/**
 * Koha's REST API with an app token (client credentials): staff-side reads, and patrons signing in with
 * their card number (or user id) and password, checked by Koha's password validation route.
 */
function demoKoha(emulators: AllEmulators): ProviderDescriptor {
  return koha({ baseUrl: emulators.koha.url, ...emulators.koha.credentials });
}

/**
 * A library on SIP2: card and PIN checked with Patron Information (63) over a pool of logged-in
 * connections to the SIP2 emulator; the profile comes from the 64. There is no HTTP API behind it.
 */
function demoSip2(emulators: AllEmulators): ProviderDescriptor {
  const server = emulators.sip2;
  return sip2({ host: server.host, port: server.port, ...server.credentials });
}

/**
 * The five systems that speak no OAuth, at their emulators with the application's test credentials: a
 * FOLIO API user (login with expiry, single-use refresh tokens), a Polaris staff user and PAPI key (signed
 * requests), a Symphony staff login, an Alma API key, an Evergreen staff login through the gateway.
 */
export function fiveSystemDescriptors(emulators: AllEmulators): Record<FiveSystemName, ProviderDescriptor> {
  return {
    folio: folio({ okapiUrl: emulators.folio.url, ...emulators.folio.credentials }),
    polaris: polaris({ baseUrl: emulators.polaris.baseUrl, ...emulators.polaris.credentials }),
    symphony: symphony({ baseUrl: emulators.symphony.baseUrl, ...emulators.symphony.credentials }),
    alma: alma({ apiUrl: emulators.alma.apiUrl, apiKey: emulators.alma.credentials.apiKey }),
    evergreen: evergreen({ baseUrl: emulators.evergreen.url, ...emulators.evergreen.credentials }),
  };
}

/** The systems whose patrons sign in from the demo's own form (card or user id + PIN or password). */
export const PIN_FORM_SYSTEMS = [
  'koha',
  'sip2',
  'folio',
  'polaris',
  'symphony',
  'alma',
  'evergreen',
] as const;
export type PinFormSystem = (typeof PIN_FORM_SYSTEMS)[number];

/**
 * The PIN-form providers both demos configure: Koha's password validation, SIP2's Patron Information and the
 * five systems that speak no OAuth, each behind the same form (at `loginPageOf(name)`) and sign-in route.
 */
export function pinFormProviders(
  systems: DemoSystems,
  loginPageOf: (name: PinFormSystem) => string,
): Record<PinFormSystem, { provider: ProviderDescriptor; signIn: 'pin'; loginPage: string }> {
  const entries = PIN_FORM_SYSTEMS.map((name) => [
    name,
    { provider: systems[name], signIn: 'pin' as const, loginPage: loginPageOf(name) },
  ]);
  return Object.fromEntries(entries) as Record<
    PinFormSystem,
    { provider: ProviderDescriptor; signIn: 'pin'; loginPage: string }
  >;
}

/** Every system the demos sign in to or call, as core providers pointed at this process's servers. */
export interface DemoSystems {
  sierra: ProviderDescriptor;
  overdrive: ProviderDescriptor;
  overdrivePinless: ProviderDescriptor;
  rero: ProviderDescriptor;
  librarySso: ProviderDescriptor;
  koha: ProviderDescriptor;
  sip2: ProviderDescriptor;
  folio: ProviderDescriptor;
  polaris: ProviderDescriptor;
  symphony: ProviderDescriptor;
  alma: ProviderDescriptor;
  evergreen: ProviderDescriptor;
}

export function demoSystems(emulators: AllEmulators, oidc: DemoOidcServer): DemoSystems {
  return {
    sierra: demoSierra(emulators),
    overdrive: demoOverDrive(emulators, 'pin'),
    overdrivePinless: demoOverDrive(emulators, 'pinless'),
    rero: demoRero(emulators),
    librarySso: demoLibrarySso(oidc),
    koha: demoKoha(emulators),
    sip2: demoSip2(emulators),
    ...fiveSystemDescriptors(emulators),
  };
}
