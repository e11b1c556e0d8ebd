/** A standing penalty on a patron (`actor.usr_standing_penalty`, its type from `config.standing_penalty`). */
export interface EvergreenPenalty {
  id: number;
  /** `config.standing_penalty` id, e.g. 1 PATRON_EXCEEDS_FINES. */
  penaltyType: number;
  note: string;
}

/** A user (`actor.usr`) with their current card, password and what the emulator needs beside them. */
export interface EvergreenUser {
  id: number;
  usrname: string;
  password: string;
  barcode: string;
  /** The card's `active` flag: an inactive card with the right password gives PATRON_CARD_INACTIVE. */
  cardActive: boolean;
  /** An inactive account with the right password gives PATRON_INACTIVE. */
  active: boolean;
  /** A barred patron cannot sign in at all: LOGIN_FAILED, as for a wrong password. */
  barred: boolean;
  /** Staff may read other users; patrons only themselves. */
  kind: 'staff' | 'patron';
  firstGivenName: string;
  familyName: string;
  email: string | null;
  /** ISO date-time, as Evergreen writes timestamps. */
  expireDate: string;
  homeOu: number;
  /** `permission.grp_tree` id. */
  profile: number;
  penalties: EvergreenPenalty[];
  balanceOwed: number;
  /** What the seed shows; not an Evergreen field. */
  note: string;
}

const PATRON = {
  kind: 'patron' as const,
  homeOu: 4,
  profile: 2,
  cardActive: true,
  active: true,
  barred: false,
};

export const evergreenUsers: readonly EvergreenUser[] = [
  {
    id: 1,
    usrname: 'ilsauth-staff',
    password: 'Staff-Pa55-eg',
    barcode: 'STAFF0001',
    cardActive: true,
    active: true,
    barred: false,
    kind: 'staff',
    firstGivenName: 'ILS Auth',
    familyName: 'Integration',
    email: 'ils-auth@library.example',
    expireDate: '2099-12-31T23:59:59+0000',
    homeOu: 1,
    profile: 13,
    penalties: [],
    balanceOwed: 0,
    note: 'the application (staff) user: default credentials',
  },
  {
    id: 101,
    usrname: 'rita',
    password: 'rita-pin-1',
    barcode: '99999300001',
    ...PATRON,
    firstGivenName: 'Rita',
    familyName: 'Reader',
    email: 'rita.reader@library.example',
    expireDate: '2031-08-31T23:59:59+0000',
    penalties: [],
    balanceOwed: 0,
    note: 'valid patron',
  },
  {
    id: 102,
    usrname: 'bert',
    password: 'bert-pin-2',
    barcode: '99999300002',
    ...PATRON,
    firstGivenName: 'Bert',
    familyName: 'Blocked',
    email: 'bert.blocked@library.example',
    expireDate: '2030-01-31T23:59:59+0000',
    penalties: [{ id: 5001, penaltyType: 20, note: 'Card reported stolen' }],
    balanceOwed: 0,
    note: 'blocked: a standing penalty (signs in; the penalty is on the fleshed user)',
  },
  {
    id: 103,
    usrname: 'edgar',
    password: 'edgar-pin-3',
    barcode: '99999300003',
    ...PATRON,
    firstGivenName: 'Edgar',
    familyName: 'Oldham',
    email: null,
    expireDate: '2021-06-30T23:59:59+0000',
    penalties: [],
    balanceOwed: 0,
    note: 'expired (expire_date in the past; signs in)',
  },
  {
    id: 104,
    usrname: 'fiona',
    password: 'fiona-pin-4',
    barcode: '99999300004',
    ...PATRON,
    firstGivenName: 'Fiona',
    familyName: 'Fines',
    email: 'fiona.fines@library.example',
    expireDate: '2029-12-31T23:59:59+0000',
    penalties: [{ id: 5002, penaltyType: 1, note: '' }],
    balanceOwed: 42.5,
    note: 'fines: 42.50 owed, PATRON_EXCEEDS_FINES penalty',
  },
  {
    id: 105,
    usrname: 'ina',
    password: 'ina-pin-5',
    barcode: '99999300005',
    ...PATRON,
    active: false,
    firstGivenName: 'Ina',
    familyName: 'Inactive',
    email: null,
    expireDate: '2030-01-31T23:59:59+0000',
    penalties: [],
    balanceOwed: 0,
    note: 'inactive account: PATRON_INACTIVE with the right password',
  },
  {
    id: 106,
    usrname: 'cora',
    password: 'cora-pin-6',
    barcode: '99999300006',
    ...PATRON,
    cardActive: false,
    firstGivenName: 'Cora',
    familyName: 'Card',
    email: null,
    expireDate: '2030-01-31T23:59:59+0000',
    penalties: [],
    balanceOwed: 0,
    note: 'inactive card: PATRON_CARD_INACTIVE with the right password',
  },
  {
    id: 107,
    usrname: 'barry',
    password: 'barry-pin-7',
    barcode: '99999300007',
    ...PATRON,
    barred: true,
    firstGivenName: 'Barry',
    familyName: 'Barred',
    email: null,
    expireDate: '2030-01-31T23:59:59+0000',
    penalties: [],
    balanceOwed: 0,
    note: 'barred: LOGIN_FAILED even with the right password',
  },
];
