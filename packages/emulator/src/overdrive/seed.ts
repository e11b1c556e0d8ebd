export interface OverDriveClient {
  clientId: string;
  clientSecret: string;
}

/** A digital collection's website, as named in the patron-token scope `websiteid:… authorizationname:…`. */
export interface OverDriveWebsite {
  websiteId: number;
  /** The ILS name OverDrive assigns to the library. */
  authorizationName: string;
  /** A collection that needs a PIN cannot be entered with `password_required=false`. */
  pinRequired: boolean;
  libraryId: number;
}

export interface OverDriveLibrary {
  libraryId: number;
  name: string;
  collectionToken: string;
}

export interface OverDrivePatron {
  cardNumber: string;
  /** Absent: the patron has no PIN and can only use a PIN-less website. */
  pin?: string;
  patronId: number;
  email: string;
  /** Why OverDrive refuses the patron a token (e.g. high fines); absent when in good standing. */
  blockedReason?: string;
  note: string;
}

export interface OverDriveProduct {
  reserveId: string;
  title: string;
  author: string;
  mediaType: 'eBook' | 'Audiobook';
  copiesOwned: number;
  copiesAvailable: number;
  numberOfHolds: number;
}

export const overdriveClients: readonly OverDriveClient[] = [
  { clientId: 'ILSAUTHDEMO', clientSecret: 'Od5ecret-Demo-2024' },
];

export const overdriveLibraries: readonly OverDriveLibrary[] = [
  { libraryId: 4425, name: 'Riverside Public Library', collectionToken: 'v1L1BYwAAAA2Q' },
];

export const overdriveWebsites: readonly OverDriveWebsite[] = [
  { websiteId: 100300, authorizationName: 'riverside', pinRequired: true, libraryId: 4425 },
  { websiteId: 100301, authorizationName: 'riverside', pinRequired: false, libraryId: 4425 },
];

export const overdrivePatrons: readonly OverDrivePatron[] = [
  {
    cardNumber: '23025000000001',
    pin: '2468',
    patronId: 3100001,
    email: 'ada.page@example.org',
    note: 'card + PIN; works on both websites',
  },
  {
    cardNumber: '23025000000002',
    patronId: 3100002,
    email: 'ben.kiosk@example.org',
    note: 'no PIN: signs in only on the PIN-less website (100301) with password_required=false',
  },
  {
    cardNumber: '23025000000003',
    pin: '1357',
    patronId: 3100003,
    email: 'carl.owes@example.org',
    blockedReason: 'Patron account is blocked: fines exceed the limit set by the library.',
    note: 'blocked for high fines: 400 unauthorized_client even with the right PIN',
  },
];

export const overdriveProducts: readonly OverDriveProduct[] = [
  {
    reserveId: '76c1b7d0-17f4-4c05-8397-c66c17411584',
    title: 'The Left Hand of Darkness',
    author: 'Ursula K. Le Guin',
    mediaType: 'eBook',
    copiesOwned: 3,
    copiesAvailable: 1,
    numberOfHolds: 0,
  },
  {
    reserveId: 'e3a1c2b4-5d6f-4a8b-9c0d-1e2f3a4b5c6d',
    title: 'Middlemarch',
    author: 'George Eliot',
    mediaType: 'Audiobook',
    copiesOwned: 1,
    copiesAvailable: 0,
    numberOfHolds: 4,
  },
];
