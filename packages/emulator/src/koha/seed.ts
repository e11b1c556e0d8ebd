/** An API key as Koha generates it on a staff user's record. */
export interface KohaClient {
  clientId: string;
  clientSecret: string;
  /** An inactive key is refused like an unknown one. */
  active: boolean;
  /** Whether its staff user may read patrons (Koha's `borrowers` permission). */
  canReadPatrons: boolean;
  /**
   * Whether its staff user may call the password validation route (the `borrowers` permission in Koha's
   * own route definition); default: `canReadPatrons`.
   */
  canValidatePasswords?: boolean;
}

/** A patron record in the shape `GET /api/v1/patrons/{patron_id}` answers (a subset of its fields). */
export interface KohaPatron {
  patron_id: number;
  cardnumber: string;
  surname: string;
  firstname: string;
  email: string | null;
  date_of_birth: string | null;
  expiry_date: string;
  category_id: string;
  library_id: string;
  /** The patron's login; `identifier` is tried against it before the card number. */
  userid?: string | null;
  phone?: string | null;
  mobile?: string | null;
  /** Read-only in Koha: true while any restriction (debarment) applies. */
  restricted?: boolean;
  patron_card_lost?: boolean | null;
  /** Failed password checks in a row; a negative count is an administrative lockout. */
  login_attempts?: number | null;
}

/** What Koha keeps about a patron's password, outside the record the API serves. */
export interface KohaPatronLogin {
  patron_id: number;
  password: string;
  /** The password's expiry date has passed: a right password is answered "Password expired". */
  passwordExpired?: boolean;
}

/** A patron's account: what `GET /api/v1/patrons/{patron_id}/account` sums up. */
export interface KohaPatronAccount {
  patron_id: number;
  /** Outstanding debits less credits, in the library's currency. */
  balance: number;
}

export const kohaClients: readonly KohaClient[] = [
  {
    clientId: 'b0f8a8ec-5c3e-4b4d-9a49-6f1d2a7c9e31',
    clientSecret: '7d1f3c2a-9e84-4b5a-8c61-2f0e9d4b7a15',
    active: true,
    canReadPatrons: true,
  },
  {
    clientId: 'c3a9d2f1-0b7e-4e8a-b5c4-1d2e3f4a5b6c',
    clientSecret: 'no-patron-permission-secret',
    active: true,
    canReadPatrons: false,
  },
];

const patron = (
  patron_id: number,
  surname: string,
  firstname: string,
  more: Partial<KohaPatron> = {},
): KohaPatron => ({
  patron_id,
  cardnumber: `2352900044${patron_id + 5121}`,
  surname,
  firstname,
  email: null,
  date_of_birth: null,
  expiry_date: '2099-12-31',
  category_id: 'PT',
  library_id: 'CPL',
  userid: firstname.toLowerCase(),
  phone: null,
  mobile: null,
  restricted: false,
  patron_card_lost: false,
  login_attempts: 0,
  ...more,
});

/** Test patrons, one per state a sign-in can meet (their passwords are in `kohaPatronLogins`). */
export const kohaPatrons: readonly KohaPatron[] = [
  patron(51, 'Lovelace', 'Ada', {
    email: 'ada@library.example',
    date_of_birth: '1985-12-10',
    phone: '+44 20 7946 0051',
  }),
  patron(52, 'Hopper', 'Grace', { expiry_date: '2027-06-30', category_id: 'ST', library_id: 'FPL' }),
  // The card expired: Koha still validates the password; the profile says when it expired.
  patron(53, 'Babbage', 'Charles', { expiry_date: '2020-01-31' }),
  // Debarred: `restricted` is true.
  patron(54, 'Turing', 'Alan', { restricted: true }),
  // Owes the library (see `kohaPatronAccounts`).
  patron(55, 'Noether', 'Emmy'),
  // The password is right but has expired.
  patron(56, 'Hamilton', 'Margaret'),
  // Locked by staff (a negative login_attempts), whatever the password.
  patron(57, 'Shannon', 'Claude', { login_attempts: -1 }),
  patron(58, 'Johnson', 'Katherine', { patron_card_lost: true }),
];

export const kohaPatronLogins: readonly KohaPatronLogin[] = [
  { patron_id: 51, password: 'Analytical-1843' },
  { patron_id: 52, password: 'Cobol-1959' },
  { patron_id: 53, password: 'Difference-1822' },
  { patron_id: 54, password: 'Enigma-1939' },
  { patron_id: 55, password: 'Rings-1921' },
  { patron_id: 56, password: 'Apollo-1969', passwordExpired: true },
  { patron_id: 57, password: 'Entropy-1948' },
  { patron_id: 58, password: 'Orbits-1962' },
];

export const kohaPatronAccounts: readonly KohaPatronAccount[] = [{ patron_id: 55, balance: 12.5 }];
