import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import {
  demoSystems,
  FIVE_SYSTEMS,
  fiveSystemPatrons,
  LIBRARY_SSO_ROUTE,
  pinFormProviders,
} from '@ils-auth/demo-support';
import type { AllEmulators } from '@ils-auth/emulator';
import type { IlsAuthModuleOptions } from '@ils-auth/nestjs';

/** A sign-in choice on the home page. */
export interface SignInChoice {
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`, and in its routes. */
  name: string;
  label: string;
  description: string;
  /** `code`: a redirect to the library's own page; `pin`: our form at `/auth/<name>/form`. */
  kind: 'code' | 'pin';
  /** PIN forms: whether the PIN field is shown (OverDrive's PIN-less website signs in by card alone). */
  asksPin?: boolean;
  /** What the secret is called on its form: `PIN` unless the system says password (Koha). */
  secretLabel?: string;
  /** What the first field is called: `Library card number` unless the system signs in by user name (FOLIO). */
  loginLabel?: string;
}

export const SIGN_IN_CHOICES: readonly SignInChoice[] = [
  {
    name: 'sierra',
    label: 'Sierra login page',
    description: "Sign in on the library catalogue's own page (authorization code).",
    kind: 'code',
  },
  {
    name: 'sierra-pin',
    label: 'Library card + PIN',
    description: 'Our form; the PIN is checked by Sierra.',
    kind: 'pin',
    asksPin: true,
  },
  {
    name: 'overdrive',
    label: 'OverDrive card + PIN',
    description: 'eBooks and audiobooks: card and PIN checked by OverDrive.',
    kind: 'pin',
    asksPin: true,
  },
  {
    name: 'overdrive-pinless',
    label: 'OverDrive, card only',
    description: 'The PIN-less OverDrive website: the card number is enough.',
    kind: 'pin',
    asksPin: false,
  },
  {
    name: 'rero',
    label: 'RERO ILS',
    description: 'Sign in at RERO and allow this site to read your profile (with consent).',
    kind: 'code',
  },
  {
    name: 'library',
    label: 'Library SSO (OpenID Connect)',
    description:
      'Any OpenID Connect server through the generic provider: discovery, PKCE, id_token, UserInfo.',
    kind: 'code',
  },
  {
    name: 'koha',
    label: 'Koha card + password',
    description: 'Our form; your card number (or user id) and password are checked by Koha.',
    kind: 'pin',
    asksPin: true,
    secretLabel: 'Password',
  },
  {
    name: 'sip2',
    label: 'A library on SIP2',
    description:
      'Our form; your card number and PIN are checked over SIP2 (Patron Information), as self-check machines do.',
    kind: 'pin',
    asksPin: true,
  },
  // FOLIO, Polaris, Symphony, Alma and Evergreen: the same form, each system checking the PIN its own way.
  ...FIVE_SYSTEMS.map(
    (system): SignInChoice => ({
      name: system.name,
      label: system.label,
      description: `Our form; your ${system.loginLabel.toLowerCase()} and ${system.secretLabel === 'PIN' ? 'PIN' : 'password'} are checked by ${system.label}. /systems/${system.name} calls it with the app's own credential.`,
      kind: 'pin',
      asksPin: true,
      secretLabel: system.secretLabel,
      ...(system.loginLabel === 'Card number' ? {} : { loginLabel: system.loginLabel }),
    }),
  ),
];

export function signInChoice(name: string): SignInChoice | undefined {
  return SIGN_IN_CHOICES.find((choice) => choice.name === name);
}

/** The providers of every flow, pointed at the embedded emulators and OpenID server, not a library's. */
export function demoProviders(
  emulators: AllEmulators,
  oidc: DemoOidcServer,
): IlsAuthModuleOptions['providers'] {
  const systems = demoSystems(emulators, oidc);
  return {
    sierra: { provider: systems.sierra, signIn: 'code' },
    'sierra-pin': { provider: systems.sierra, signIn: 'pin', loginPage: '/auth/sierra-pin/form' },
    overdrive: {
      provider: systems.overdrive,
      signIn: 'pin',
      loginPage: '/auth/overdrive/form',
    },
    'overdrive-pinless': {
      provider: systems.overdrivePinless,
      signIn: 'pin',
      loginPage: '/auth/overdrive-pinless/form',
    },
    rero: { provider: systems.rero, signIn: 'code' },
    [LIBRARY_SSO_ROUTE]: { provider: systems.librarySso, signIn: 'code' },
    // Koha's password validation (`/koha` reads records with the same token), SIP2's Patron Information and
    // the five systems that speak no OAuth: each checks the PIN its own way, behind the same form and guard.
    ...pinFormProviders(systems, (name) => `/auth/${name}/form`),
  };
}

/** The seeded test accounts shown on the home page (all fake and public, emulators on loopback only). */
export interface TestCredential {
  choice: string;
  login: string;
  secret?: string;
  note: string;
}

export function testCredentials(emulators: AllEmulators, oidc: DemoOidcServer): TestCredential[] {
  const sierraPatron = emulators.sierra.patrons[0];
  const odWithPin = emulators.overdrive.patrons.find((patron) => patron.pin && !patron.blockedReason);
  const odPinless = emulators.overdrive.patrons.find((patron) => !patron.pin);
  const reroPatron = emulators.rero.patrons[0];
  const list: TestCredential[] = [];
  if (sierraPatron) {
    list.push({
      choice: 'Sierra (login page or card + PIN)',
      login: sierraPatron.barcodes[0] ?? '',
      secret: sierraPatron.pin,
      note: sierraPatron.names[0] ?? '',
    });
  }
  if (odWithPin) {
    list.push({
      choice: 'OverDrive card + PIN',
      login: odWithPin.cardNumber,
      secret: odWithPin.pin,
      note: '',
    });
  }
  if (odPinless) {
    list.push({ choice: 'OverDrive, card only', login: odPinless.cardNumber, note: 'no PIN' });
  }
  if (reroPatron) {
    list.push({
      choice: 'RERO ILS',
      login: reroPatron.email,
      secret: reroPatron.password,
      note: `${reroPatron.lastName}, ${reroPatron.firstName}`,
    });
  }
  for (const patron of emulators.koha.patrons) {
    const login = emulators.koha.logins.find((entry) => entry.patron_id === patron.patron_id);
    if (!login) continue;
    list.push({
      choice: 'Koha card + password',
      login: patron.cardnumber,
      secret: login.password,
      note: `${patron.surname}, ${patron.firstname}${login.passwordExpired ? ' (password expired)' : ''}${patron.restricted ? ' (restricted)' : ''}`,
    });
  }
  for (const patron of Object.values(emulators.sip2.patrons)) {
    list.push({
      choice: 'A library on SIP2',
      login: patron.barcode,
      ...(patron.pin === '' ? {} : { secret: patron.pin }),
      note: `${patron.name}: ${patron.note}`,
    });
  }
  for (const patron of fiveSystemPatrons(emulators)) {
    list.push({
      choice: signInChoice(patron.system)?.label ?? patron.system,
      login: patron.login,
      secret: patron.secret,
      note: `${patron.name}: ${patron.note}`,
    });
  }
  list.push({
    choice: 'Library SSO (OpenID Connect)',
    login: oidc.patron.login,
    secret: oidc.patron.password,
    note: oidc.patron.name,
  });
  return list;
}
