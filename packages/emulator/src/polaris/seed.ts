/** A PAPI key pair: the public access id and the private key that signs requests. */
export interface PapiKey {
  accessId: string;
  accessKey: string;
}

/** A Polaris staff account, used by the application through `authenticator/staff`. */
export interface PolarisStaffUser {
  domain: string;
  username: string;
  password: string;
  polarisUserId: number;
  branchId: number;
}

/** A patron with the fields PatronValidate, PatronBasicDataGet and PatronCirculateBlocksGet answer. */
export interface PolarisPatron {
  patronId: number;
  barcode: string;
  /** Patrons may sign in with a user name where the library allows it. */
  username?: string;
  password: string;
  nameFirst: string;
  nameLast: string;
  email: string | null;
  /** ISO date (YYYY-MM-DD). */
  expirationDate: string;
  birthDate: string | null;
  patronCodeId: number;
  branchId: number;
  branchName: string;
  chargeBalance: number;
  /** Block descriptions, as PatronCirculateBlocksGet lists them. */
  blocks: string[];
  /** What the seed shows; not a Polaris field. */
  note: string;
}

export const papiKeys: readonly PapiKey[] = [
  { accessId: 'ILSAUTH', accessKey: '9F2C4B6E-1A3D-4E5F-8A7B-6C5D4E3F2A1B' },
];

export const polarisStaffUsers: readonly PolarisStaffUser[] = [
  { domain: 'LIBRARY', username: 'PAPIStaff', password: 'Staff-Pa55word', polarisUserId: 301, branchId: 3 },
];

const BRANCH = { branchId: 3, branchName: 'Riverside Main Library' };

export const polarisPatrons: readonly PolarisPatron[] = [
  {
    patronId: 1255101,
    barcode: '21756000000001',
    username: 'rita.reader',
    password: '1234',
    nameFirst: 'Rita',
    nameLast: 'Reader',
    email: 'rita.reader@library.example',
    expirationDate: '2031-08-31',
    birthDate: '1988-04-12',
    patronCodeId: 1,
    ...BRANCH,
    chargeBalance: 0,
    blocks: [],
    note: 'valid patron (also signs in with user name rita.reader)',
  },
  {
    patronId: 1255102,
    barcode: '21756000000002',
    password: '2222',
    nameFirst: 'Bert',
    nameLast: 'Blocked',
    email: 'bert.blocked@library.example',
    expirationDate: '2030-01-31',
    birthDate: null,
    patronCodeId: 1,
    ...BRANCH,
    chargeBalance: 0,
    blocks: ['Library card reported lost'],
    note: 'blocked: a circulation block, cannot circulate',
  },
  {
    patronId: 1255103,
    barcode: '21756000000003',
    password: '3333',
    nameFirst: 'Edgar',
    nameLast: 'Oldham',
    email: null,
    expirationDate: '2021-06-30',
    birthDate: '1950-02-01',
    patronCodeId: 2,
    ...BRANCH,
    chargeBalance: 0,
    blocks: ['Patron account has expired'],
    note: 'expired card (credentials still check)',
  },
  {
    patronId: 1255104,
    barcode: '21756000000004',
    password: '4444',
    nameFirst: 'Fiona',
    nameLast: 'Fines',
    email: 'fiona.fines@library.example',
    expirationDate: '2029-12-31',
    birthDate: null,
    patronCodeId: 1,
    ...BRANCH,
    chargeBalance: 42.5,
    blocks: ['Patron has outstanding fines over the limit'],
    note: 'fines: 42.50 charge balance, blocked for it',
  },
];
