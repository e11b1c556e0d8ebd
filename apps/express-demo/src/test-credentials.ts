import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import { FIVE_SYSTEMS, fiveSystemPatrons } from '@ils-auth/demo-support';
import type { AllEmulators, KohaPatron } from '@ils-auth/emulator';

/** One line of the home page's table: the emulators' seeded (public, fake) patrons. */
export interface TestCredential {
  system: string;
  /** What to type in the first field: a card number, or RERO's email. */
  login: string;
  /** PIN or password; undefined for a card that signs in without one. */
  secret: string | undefined;
  name: string;
  note: string;
}

/** Read from the emulators' and the OpenID server's own seeds, so the page always shows what they accept. */
export function testCredentials(emulators: AllEmulators, oidc: DemoOidcServer): TestCredential[] {
  const sierra = emulators.sierra.patrons.map((patron) => ({
    system: 'Sierra',
    login: patron.barcodes[0] ?? '',
    secret: patron.pin,
    name: patron.names[0] ?? '',
    note: patron.note,
  }));
  const overdrive = emulators.overdrive.patrons.map((patron) => ({
    system: 'OverDrive',
    login: patron.cardNumber,
    secret: patron.pin,
    name: patron.email,
    note: patron.note,
  }));
  const rero = emulators.rero.patrons.map((patron) => ({
    system: 'RERO ILS',
    login: patron.email,
    secret: patron.password,
    name: `${patron.lastName}, ${patron.firstName}`,
    note: patron.organisations.map((membership) => membership.code).join(', '),
  }));
  const koha = emulators.koha.patrons.map((patron) => {
    const login = emulators.koha.logins.find((entry) => entry.patron_id === patron.patron_id);
    return {
      system: 'Koha',
      login: patron.cardnumber,
      secret: login?.password,
      name: `${patron.surname}, ${patron.firstname}`,
      note: kohaNote(patron, login?.passwordExpired === true),
    };
  });
  const sip2 = Object.values(emulators.sip2.patrons).map((patron) => ({
    system: 'SIP2',
    login: patron.barcode,
    secret: patron.pin === '' ? undefined : patron.pin,
    name: patron.name,
    note: patron.note,
  }));
  const sso = {
    system: 'Library SSO',
    login: oidc.patron.login,
    secret: oidc.patron.password,
    name: oidc.patron.name,
    note: 'OpenID Connect',
  };
  const five = fiveSystemPatrons(emulators).map((patron) => ({
    ...patron,
    system: FIVE_SYSTEMS.find((system) => system.name === patron.system)?.label ?? patron.system,
  }));
  return [...sierra, ...overdrive, ...rero, sso, ...koha, ...sip2, ...five];
}

/** What the record says about a Koha test patron's state, in words (its user id signs in too). */
function kohaNote(patron: KohaPatron, passwordExpired: boolean): string {
  const states = [
    patron.restricted ? 'restricted' : undefined,
    patron.patron_card_lost ? 'card reported lost' : undefined,
    (patron.login_attempts ?? 0) < 0 ? 'locked by staff: always refused' : undefined,
    passwordExpired ? 'password expired' : undefined,
    patron.expiry_date < new Date().toISOString().slice(0, 10)
      ? `card expired ${patron.expiry_date}`
      : undefined,
  ].filter((state) => state !== undefined);
  return [`user id ${patron.userid ?? '-'}`, ...states].join('; ');
}
