import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import { demoSystems, FIVE_SYSTEMS, LIBRARY_SSO_ROUTE, pinFormProviders } from '@ils-auth/demo-support';
import type { AllEmulators } from '@ils-auth/emulator';
import type { ProviderSettings } from '@ils-auth/express';

/** Route names of `ilsAuth({ providers })`: they appear in URLs (`/auth/<name>/login`) and the session cookie. */
export const SIGN_IN_CHOICES = [
  { name: 'sierra', label: "Sierra: the library's own sign-in page", form: undefined, secret: undefined },
  { name: 'card', label: 'Sierra: card number + PIN on this site', form: '/signin/card', secret: 'PIN' },
  { name: 'overdrive', label: 'OverDrive: card number + PIN', form: '/signin/overdrive', secret: 'PIN' },
  {
    name: 'overdrive-cardonly',
    label: 'OverDrive PIN-less website: card number only',
    form: '/signin/overdrive-cardonly',
    secret: undefined,
  },
  { name: 'rero', label: 'RERO ILS: sign in and consent on RERO', form: undefined, secret: undefined },
  {
    name: 'library',
    label: 'Library SSO: OpenID Connect (generic provider)',
    form: undefined,
    secret: undefined,
  },
  {
    name: 'koha',
    label: 'Koha: card number (or user id) + password',
    form: '/signin/koha',
    secret: 'Password',
  },
  { name: 'sip2', label: 'A library on SIP2: card number + PIN', form: '/signin/sip2', secret: 'PIN' },
  // FOLIO, Polaris, Symphony, Alma and Evergreen: the same form at /signin/<name>, posting to /auth/<name>/login.
  ...FIVE_SYSTEMS.map((system) => ({
    name: system.name,
    label: `${system.label}: ${system.loginLabel.toLowerCase()} + ${system.secretLabel === 'PIN' ? 'PIN' : 'password'}`,
    form: `/signin/${system.name}`,
    secret: system.secretLabel,
    loginLabel: system.loginLabel,
  })),
] as const;

export type SignInName = (typeof SIGN_IN_CHOICES)[number]['name'];

/** The providers, pointed at the embedded emulators and OpenID server instead of a library's real systems. */
export function demoProviders(
  emulators: AllEmulators,
  oidc: DemoOidcServer,
): Record<SignInName, ProviderSettings> {
  const systems = demoSystems(emulators, oidc);
  return {
    // Sierra's login page (authorization code): GET /auth/sierra/login.
    sierra: { provider: systems.sierra, signIn: 'code' },
    // The same Sierra, checking card + PIN from our own form: POST /auth/card/login.
    card: { provider: systems.sierra, signIn: 'pin', loginPage: '/signin/card' },
    overdrive: { provider: systems.overdrive, loginPage: '/signin/overdrive' },
    // A second OverDrive website whose patrons sign in with the card number alone.
    'overdrive-cardonly': {
      provider: systems.overdrivePinless,
      loginPage: '/signin/overdrive-cardonly',
    },
    rero: { provider: systems.rero },
    [LIBRARY_SSO_ROUTE]: { provider: systems.librarySso, signIn: 'code' },
    // Koha's password validation, SIP2's Patron Information and the five systems that speak no OAuth: each
    // checks the PIN its own way, behind the same form (/signin/<name>) posting to /auth/<name>/login.
    ...pinFormProviders(systems, (name) => `/signin/${name}`),
  };
}
