/** An API key from the Developer Network, with the areas it may call (a key lacking one gets 400 UNAUTHORIZED there). */
export interface AlmaApiKey {
  apiKey: string;
  areas: string[];
}

/** A user as `GET /almaws/v1/users/{id}` answers (a subset of its fields), with the internal password. */
export interface AlmaUser {
  primaryId: string;
  barcode: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string | null;
  userGroup: { value: string; desc: string };
  /** ACTIVE or INACTIVE. */
  status: string;
  /** ISO date (YYYY-MM-DD); Alma writes it with a trailing `Z`. */
  expiryDate: string;
  /** Active block descriptions. */
  blocks: string[];
  fees: number;
  /** What the seed shows; not an Alma field. */
  note: string;
}

export const almaApiKeys: readonly AlmaApiKey[] = [
  { apiKey: 'l8xx6d87f6a1e2b34c5d9e0f1a2b3c4d5e6f', areas: ['users'] },
  { apiKey: 'l8xx0bibsonly0000000000000000000000', areas: ['bibs'] },
];

const PATRON = { userGroup: { value: 'PATRON', desc: 'Patron' }, status: 'ACTIVE', blocks: [], fees: 0 };

export const almaUsers: readonly AlmaUser[] = [
  {
    ...PATRON,
    primaryId: 'rita.reader',
    barcode: '39000000000001',
    password: 'rita-Pass-1',
    firstName: 'Rita',
    lastName: 'Reader',
    email: 'rita.reader@library.example',
    expiryDate: '2031-08-31',
    note: 'valid patron (also found by barcode)',
  },
  {
    ...PATRON,
    primaryId: 'bert.blocked',
    barcode: '39000000000002',
    password: 'bert-Pass-2',
    firstName: 'Bert',
    lastName: 'Blocked',
    email: 'bert.blocked@library.example',
    expiryDate: '2030-01-31',
    blocks: ['Lost library card'],
    note: 'blocked: an active user block (password still checks)',
  },
  {
    ...PATRON,
    primaryId: 'edgar.oldham',
    barcode: '39000000000003',
    password: 'edgar-Pass-3',
    firstName: 'Edgar',
    lastName: 'Oldham',
    email: null,
    status: 'INACTIVE',
    expiryDate: '2021-06-30',
    note: 'expired: expiry_date in the past, status INACTIVE (password still checks)',
  },
  {
    ...PATRON,
    primaryId: 'fiona.fines',
    barcode: '39000000000004',
    password: 'fiona-Pass-4',
    firstName: 'Fiona',
    lastName: 'Fines',
    email: 'fiona.fines@library.example',
    expiryDate: '2029-12-31',
    fees: 42.5,
    note: 'fines: 42.50 (with expand=fees)',
  },
];
