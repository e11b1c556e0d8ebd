/** An application registered with ILSWS: its client id goes in `x-sirs-clientID` on every call. */
export interface SymphonyClient {
  clientId: string;
}

/** A staff account the application signs in with (`/user/staff/login`). */
export interface SymphonyStaffUser {
  login: string;
  password: string;
  staffKey: string;
}

/** A patron with the fields `user/patron/key/…` and `user/patronStatusInfo/key/…` answer. */
export interface SymphonyPatron {
  patronKey: string;
  barcode: string;
  /** An alternate id that also signs in, where the library has one. */
  alternateId?: string;
  pin: string;
  firstName: string;
  lastName: string;
  email: string | null;
  patronType: string;
  /** `standing.key`: OK, BLOCKED, DELINQUENT, BARRED. */
  standing: string;
  approved: boolean;
  /** ISO date (YYYY-MM-DD). */
  privilegeExpiresDate: string;
  /** Estimated fines, e.g. "50.00". */
  fines: string;
  hasMaxFines: boolean;
  /** What the seed shows; not a Symphony field. */
  note: string;
}

export const symphonyClients: readonly SymphonyClient[] = [{ clientId: 'ILSAUTH_CLIENT' }];

export const symphonyStaffUsers: readonly SymphonyStaffUser[] = [
  { login: 'ILSAUTHWS', password: 'Staff-Pa55-ws', staffKey: '1187' },
];

const BASE = { patronType: 'ADULT', standing: 'OK', approved: true, fines: '0.00', hasMaxFines: false };

export const symphonyPatrons: readonly SymphonyPatron[] = [
  {
    ...BASE,
    patronKey: '301001',
    barcode: '21221000000001',
    alternateId: 'rita.reader',
    pin: '1234',
    firstName: 'Rita',
    lastName: 'Reader',
    email: 'rita.reader@library.example',
    privilegeExpiresDate: '2031-08-31',
    note: 'valid patron (also signs in with alternate id rita.reader)',
  },
  {
    ...BASE,
    patronKey: '301002',
    barcode: '21221000000002',
    pin: '2222',
    firstName: 'Bert',
    lastName: 'Blocked',
    email: 'bert.blocked@library.example',
    standing: 'BLOCKED',
    approved: false,
    privilegeExpiresDate: '2030-01-31',
    note: 'blocked: standing BLOCKED, not approved (signs in)',
  },
  {
    ...BASE,
    patronKey: '301003',
    barcode: '21221000000003',
    pin: '3333',
    firstName: 'Edgar',
    lastName: 'Oldham',
    email: null,
    privilegeExpiresDate: '2021-06-30',
    note: 'expired: privilegeExpiresDate in the past, expired true (signs in)',
  },
  {
    ...BASE,
    patronKey: '301004',
    barcode: '21221000000004',
    pin: '4444',
    firstName: 'Fiona',
    lastName: 'Fines',
    email: 'fiona.fines@library.example',
    standing: 'DELINQUENT',
    fines: '50.00',
    hasMaxFines: true,
    privilegeExpiresDate: '2029-12-31',
    note: 'fines: 50.00 estimated, hasMaxFines, standing DELINQUENT',
  },
];
