/**
 * A FOLIO user as mod-users stores it (a subset of its fields), with what the emulator needs beside it:
 * the password mod-login checks, whether the user is staff (may read other users) or a patron, and the
 * patron's open manual blocks and fees.
 */
export interface FolioUser {
  id: string;
  username: string;
  barcode: string;
  password: string;
  /** Staff users carry the permissions to read users, blocks and accounts; patrons carry none. */
  kind: 'staff' | 'patron';
  /** mod-login refuses an inactive user like a wrong password; FOLIO deactivates users past expiry. */
  active: boolean;
  expirationDate: string;
  patronGroup: string;
  personal: { lastName: string; firstName: string; email: string };
  /** Open manual blocks (`/manualblocks`): their `desc`. */
  blocks: string[];
  /** Open fees (`/accounts`): remaining amounts. */
  fees: number[];
  /** What the seed shows; not a FOLIO field. */
  note: string;
}

export const FOLIO_TENANT = 'diku';

const PATRON_GROUP = '3684a786-6671-4268-8ed0-9db82ebca60b';
const STAFF_GROUP = '3684a786-6671-4268-8ed0-9db82ebca60c';

export const folioUsers: readonly FolioUser[] = [
  {
    id: '9f1a6d37-2e5c-4c49-8b1e-1d4f6a3c2b70',
    username: 'ils_auth_app',
    barcode: '900000001',
    password: 'app-user-Pa55',
    kind: 'staff',
    active: true,
    expirationDate: '2099-12-31T23:59:59.000+00:00',
    patronGroup: STAFF_GROUP,
    personal: { lastName: 'Integration', firstName: 'ILS Auth', email: 'ils-auth@library.example' },
    blocks: [],
    fees: [],
    note: 'the application user (staff): default credentials',
  },
  {
    id: 'a7b2c3d4-1111-4a5b-9c8d-000000000001',
    username: 'rita',
    barcode: '31000000000001',
    password: 'rita-pw-1',
    kind: 'patron',
    active: true,
    expirationDate: '2031-08-31T23:59:59.000+00:00',
    patronGroup: PATRON_GROUP,
    personal: { lastName: 'Reader', firstName: 'Rita', email: 'rita.reader@library.example' },
    blocks: [],
    fees: [],
    note: 'valid patron',
  },
  {
    id: 'a7b2c3d4-1111-4a5b-9c8d-000000000002',
    username: 'bert',
    barcode: '31000000000002',
    password: 'bert-pw-2',
    kind: 'patron',
    active: true,
    expirationDate: '2030-01-31T23:59:59.000+00:00',
    patronGroup: PATRON_GROUP,
    personal: { lastName: 'Blocked', firstName: 'Bert', email: 'bert.blocked@library.example' },
    blocks: ['Library card reported stolen'],
    fees: [],
    note: 'blocked: one manual block (signs in; the block is in /manualblocks)',
  },
  {
    id: 'a7b2c3d4-1111-4a5b-9c8d-000000000003',
    username: 'edgar',
    barcode: '31000000000003',
    password: 'edgar-pw-3',
    kind: 'patron',
    active: false,
    expirationDate: '2021-06-30T23:59:59.000+00:00',
    patronGroup: PATRON_GROUP,
    personal: { lastName: 'Oldham', firstName: 'Edgar', email: 'edgar.oldham@library.example' },
    blocks: [],
    fees: [],
    note: 'expired and so inactive: login refused like a wrong password',
  },
  {
    id: 'a7b2c3d4-1111-4a5b-9c8d-000000000005',
    username: 'erin',
    barcode: '31000000000005',
    password: 'erin-pw-5',
    kind: 'patron',
    active: true,
    expirationDate: '2022-03-31T23:59:59.000+00:00',
    patronGroup: PATRON_GROUP,
    personal: { lastName: 'Expired', firstName: 'Erin', email: 'erin.expired@library.example' },
    blocks: [],
    fees: [],
    note: 'expired but still active (FOLIO has not deactivated her yet): login works, expirationDate is past',
  },
  {
    id: 'a7b2c3d4-1111-4a5b-9c8d-000000000004',
    username: 'fiona',
    barcode: '31000000000004',
    password: 'fiona-pw-4',
    kind: 'patron',
    active: true,
    expirationDate: '2029-12-31T23:59:59.000+00:00',
    patronGroup: PATRON_GROUP,
    personal: { lastName: 'Fines', firstName: 'Fiona', email: 'fiona.fines@library.example' },
    blocks: [],
    fees: [12.5, 30],
    note: 'fines: two open fees (42.50 in /accounts)',
  },
];
