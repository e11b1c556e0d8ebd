import { koha, oauth2, overdrive, rero, sierra } from '@ils-auth/core';
import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import type { AllEmulators } from '@ils-auth/emulator';
import type { ProviderSettings } from '@ils-auth/express';

/** Route names of `ilsAuth({ providers })`: they appear in URLs (`/auth/<name>/login`) and the session cookie. */
export const SIGN_IN_CHOICES = [
  { name: 'sierra', label: "Sierra: the library's own sign-in page", form: undefined },
  { name: 'card', label: 'Sierra: card number + PIN on this site', form: '/signin/card' },
  { name: 'overdrive', label: 'OverDrive: card number + PIN', form: '/signin/overdrive' },
  {
    name: 'overdrive-cardonly',
    label: 'OverDrive PIN-less website: card number only',
    form: '/signin/overdrive-cardonly',
  },
  { name: 'rero', label: 'RERO ILS: sign in and consent on RERO', form: undefined },
  { name: 'library', label: 'Library SSO: OpenID Connect (generic provider)', form: undefined },
] as const;

export type SignInName = (typeof SIGN_IN_CHOICES)[number]['name'];

/** The OpenID Connect sign-in's route name: its callback is `/auth/library/callback`. */
export const OIDC_ROUTE = 'library';

/** The providers, pointed at the embedded emulators and OpenID server instead of a library's real systems. */
export function demoProviders(
  emulators: AllEmulators,
  oidc: DemoOidcServer,
): Record<SignInName | 'koha', ProviderSettings> {
  const catalogue = sierra({ baseUrl: emulators.sierra.url, ...emulators.sierra.credentials });
  const od = emulators.overdrive;
  const overdriveHosts = {
    oauthUrl: od.oauthUrl,
    patronOauthUrl: od.patronOauthUrl,
    apiUrl: od.apiUrl,
    patronApiUrl: od.patronApiUrl,
  };
  return {
    // Sierra's login page (authorization code): GET /auth/sierra/login.
    sierra: { provider: catalogue, signIn: 'code' },
    // The same Sierra, checking card + PIN from our own form: POST /auth/card/login.
    card: { provider: catalogue, signIn: 'pin', loginPage: '/signin/card' },
    overdrive: {
      provider: overdrive({
        clientId: od.credentials.clientId,
        clientSecret: od.credentials.clientSecret,
        websiteId: od.credentials.websiteId,
        authorizationName: od.credentials.authorizationName,
        allowPasswordGrant: true, // OverDrive's patron sign-in is the legacy password grant
        ...overdriveHosts,
      }),
      loginPage: '/signin/overdrive',
    },
    // A second OverDrive website whose patrons sign in with the card number alone.
    'overdrive-cardonly': {
      provider: overdrive({
        clientId: od.credentials.clientId,
        clientSecret: od.credentials.clientSecret,
        websiteId: od.credentials.pinlessWebsiteId,
        authorizationName: od.credentials.authorizationName,
        allowPasswordGrant: true,
        pinless: true,
        ...overdriveHosts,
      }),
      loginPage: '/signin/overdrive-cardonly',
    },
    // RERO ILS: its sign-in and consent pages, code flow with PKCE; tokens renewed by refresh.
    rero: { provider: rero({ baseUrl: emulators.rero.url, ...emulators.rero.credentials }) },
    // Any OpenID Connect server through the generic provider: endpoints, PKCE and iss from its discovery
    // document, the id_token checked against its keys, the profile from the claims and UserInfo.
    [OIDC_ROUTE]: {
      provider: oauth2({
        id: 'library-sso',
        displayName: 'Library SSO',
        issuer: oidc.issuer,
        ...oidc.client,
        scopes: ['openid', 'profile', 'email'],
      }),
      signIn: 'code',
    },
    // Koha's REST API with an app token (client credentials): no patron signs in there.
    koha: {
      provider: koha({ baseUrl: emulators.koha.url, ...emulators.koha.credentials }),
      signIn: false,
    },
  };
}
