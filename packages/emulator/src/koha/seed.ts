/** An API key as Koha generates it on a staff user's record. */
export interface KohaClient {
  clientId: string;
  clientSecret: string;
  /** An inactive key is refused like an unknown one. */
  active: boolean;
  /** Whether its staff user may read patrons (Koha's `borrowers` permission). */
  canReadPatrons: boolean;
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

export const kohaPatrons: readonly KohaPatron[] = [
  {
    patron_id: 51,
    cardnumber: '23529000445172',
    surname: 'Lovelace',
    firstname: 'Ada',
    email: 'ada@library.example',
    date_of_birth: '1985-12-10',
    expiry_date: '2099-12-31',
    category_id: 'PT',
    library_id: 'CPL',
  },
  {
    patron_id: 52,
    cardnumber: '23529000445173',
    surname: 'Hopper',
    firstname: 'Grace',
    email: null,
    date_of_birth: null,
    expiry_date: '2027-06-30',
    category_id: 'ST',
    library_id: 'FPL',
  },
];
