/** An OAuth client registered with the RERO ILS admins. */
export interface ReroClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name?: string;
  /** Exact redirect URIs; when absent, any http URI on a loopback host. */
  redirectUris?: string[];
}

/** A patron's membership in one organisation of the network. */
export interface ReroMembership {
  /** Organisation code, the key of `patron_info`. */
  code: string;
  patronPid: string;
  patronType: string;
  /** YYYY-MM-DD */
  expirationDate: string;
}

export interface ReroPatron {
  userId: number;
  email: string;
  password: string;
  barcode: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  birthdate: string;
  organisations: ReroMembership[];
}

export const reroClients: readonly ReroClient[] = [
  {
    clientId: 'KZ9x4bYqW2mT7rLc5vNp8dHs3gFj6aUe1oRi0yXw',
    clientSecret: 'p2Wn7QeVt4Rb9Lk1Ms6Hd3Jf8Gc5Xa0ZyUo4Ti7Ep2Sr9Nq',
    name: 'ILS Auth demo',
  },
];

export const reroPatrons: readonly ReroPatron[] = [
  {
    userId: 21,
    email: 'jean.simon@example.ch',
    password: 'Valais-2024',
    barcode: '2050124311',
    firstName: 'Jean',
    lastName: 'Simon',
    birthdate: '2000-01-01',
    // Two organisations, one of them expired, as in RERO's own example (seed 004).
    organisations: [
      { code: 'VS', patronPid: '1841', patronType: 'vs-adult', expirationDate: '2030-03-30' },
      { code: 'FR', patronPid: '2290', patronType: 'fr-student', expirationDate: '2017-07-16' },
    ],
  },
  {
    userId: 22,
    email: 'anna.muster@example.ch',
    password: 'Fribourg-2024',
    barcode: '2050124322',
    firstName: 'Anna',
    lastName: 'Muster',
    birthdate: '1992-11-05',
    organisations: [{ code: 'FR', patronPid: '2291', patronType: 'fr-adult', expirationDate: '2029-06-30' }],
  },
  {
    userId: 23,
    email: 'luca.rossi@example.ch',
    password: 'Ticino-2024',
    barcode: '2050124333',
    firstName: 'Luca',
    lastName: 'Rossi',
    birthdate: '1968-08-21',
    organisations: [{ code: 'VS', patronPid: '1902', patronType: 'vs-senior', expirationDate: '2027-12-31' }],
  },
];
