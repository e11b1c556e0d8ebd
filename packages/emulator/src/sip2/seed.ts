import type { PatronStatusFlag } from './patron-status-flags.js';

/** A patron of the SIP2 emulator, in one state each. Dates are `YYYY-MM-DD`, amounts decimal strings. */
export interface Sip2Patron {
  barcode: string;
  /** The PIN; `''` for a patron who has none set. */
  pin: string;
  name: string;
  email?: string;
  phone?: string;
  address?: string;
  postalCode?: string;
  birthDate?: string;
  homeLibrary: string;
  patronClass: string;
  /** The server's own record number (Evergreen's `XI`). */
  internalId: string;
  expires: string;
  fines: string;
  feeLimit: string;
  /** Flags set on the record itself; an expired card and fines over the limit add theirs. */
  flags: readonly PatronStatusFlag[];
  /** Titles on hold, sent as repeated `AS` fields when the request's summary asks for them. */
  holdItems: readonly string[];
  /** What the patron is for, for people reading the seed. */
  note: string;
}

export type Sip2PatronState = 'valid' | 'blocked' | 'lost' | 'expired' | 'fines' | 'unicode' | 'noPin';

/** The SIP account a client logs in with (93), and where the terminal says it stands. */
export interface Sip2Credentials {
  loginUserId: string;
  loginPassword: string;
  institution: string;
  locationCode: string;
}

export const sip2Credentials: Readonly<Sip2Credentials> = Object.freeze({
  loginUserId: 'ils-auth-sc',
  loginPassword: 'sip-test-password',
  institution: 'CPL',
  locationCode: 'MAIN',
});

/** A barcode of the same shape as the seeded ones that belongs to nobody. */
export const sip2UnknownBarcode = '23333000009999';

const common = {
  homeLibrary: 'MAIN',
  patronClass: 'Adult',
  expires: '2099-12-31',
  fines: '0.00',
  feeLimit: '5.00',
  flags: [],
  holdItems: [],
} as const;

export const sip2Patrons: Readonly<Record<Sip2PatronState, Sip2Patron>> = Object.freeze({
  valid: {
    ...common,
    barcode: '23333000000001',
    pin: '4321',
    name: 'Ada Lovelace',
    email: 'ada@library.example',
    phone: '555-0101',
    // A `|` inside a value: SIP2 has no escaping, so clients split only on `|` before a field id.
    address: '1 Library Way | Flat 2, Springfield',
    postalCode: '12345',
    birthDate: '1985-12-10',
    internalId: '1001',
    holdItems: ['The Analytical Engine', 'Notes on the Menabrea memoir'],
    note: 'valid card and PIN, two holds',
  },
  blocked: {
    ...common,
    barcode: '23333000000002',
    pin: '2468',
    name: 'Bartleby Scrivener',
    internalId: '1002',
    flags: ['chargePrivilegesDenied'],
    note: 'charge privileges denied',
  },
  lost: {
    ...common,
    barcode: '23333000000003',
    pin: '1357',
    name: 'Lucy Lostcard',
    internalId: '1003',
    flags: ['cardReportedLost'],
    note: 'card reported lost',
  },
  expired: {
    ...common,
    barcode: '23333000000004',
    pin: '9999',
    name: 'Rip Van Winkle',
    expires: '2020-01-31',
    internalId: '1004',
    note: 'card expired on 2020-01-31',
  },
  fines: {
    ...common,
    barcode: '23333000000005',
    pin: '5555',
    name: 'Fiona Fines',
    fines: '12.50',
    internalId: '1005',
    note: 'owes 12.50, over the 5.00 limit',
  },
  unicode: {
    ...common,
    barcode: '23333000000006',
    pin: '6006',
    // Every character exists in Windows-1252; Œ is one of its 0x80-0x9F bytes (0x8C), unlike Latin-1.
    name: 'Zoë Œuvray-Müller',
    email: 'zoe@library.example',
    internalId: '1006',
    note: 'a name beyond ASCII',
  },
  noPin: {
    ...common,
    barcode: '23333000000007',
    pin: '',
    name: 'Nemo Nopin',
    internalId: '1007',
    note: 'no PIN set: an empty AD matches, any other PIN does not',
  },
});
