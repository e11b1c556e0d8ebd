/** An API key as a library issues it in the Sierra Administration Application. */
export interface SierraClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs for the patron login; when absent, any http URI on a loopback host. */
  redirectUris?: string[];
}

export interface SierraPatron {
  id: number;
  barcodes: string[];
  pin: string;
  /** "Last, First", as Sierra stores names. */
  names: string[];
  emails: string[];
  expirationDate: string;
  birthDate: string;
  patronType: number;
  homeLibraryCode: string;
  /** What the seed shows; not a field Sierra returns. */
  note: string;
}

export interface SierraBib {
  id: string;
  title: string;
  author: string;
  publishYear: number;
  materialType: { code: string; value: string };
  lang: { code: string; name: string };
}

/** The key and secret from Innovative's tutorial (seed 000), and Elvis/Presley1 from the reference (seed 001). */
export const sierraClients: readonly SierraClient[] = [
  { clientId: 'WO0rS+IFzwLnso/kmPGM6S9h5Lv8', clientSecret: 'pleaseletmein' },
  { clientId: 'Elvis', clientSecret: 'Presley1' },
];

export const sierraPatrons: readonly SierraPatron[] = [
  {
    id: 1000001,
    barcodes: ['21913000000001'],
    pin: '1234',
    names: ['Reader, Rita'],
    emails: ['rita.reader@example.org'],
    expirationDate: '2031-08-31',
    birthDate: '1986-04-12',
    patronType: 0,
    homeLibraryCode: 'mn',
    note: 'ordinary adult patron',
  },
  {
    id: 1000002,
    barcodes: ['21913000000002'],
    pin: '12345678abc',
    names: ['Langley, Pim'],
    emails: ['pim.langley@example.org'],
    expirationDate: '2030-01-31',
    birthDate: '1979-11-02',
    patronType: 0,
    homeLibraryCode: 'mn',
    note: 'PIN longer than 8 characters: only "12345678" is compared',
  },
  {
    id: 1000003,
    barcodes: ['21913000000003'],
    pin: '4321',
    names: ['Oldham, Edgar'],
    emails: ['edgar.oldham@example.org'],
    expirationDate: '2021-06-30',
    birthDate: '1948-02-29',
    patronType: 3,
    homeLibraryCode: 'br',
    note: 'card expired (expirationDate in the past); credentials still check',
  },
  {
    id: 1000004,
    barcodes: ['LibCard42'],
    pin: '0042',
    names: ['Case, Mixed'],
    emails: ['mixed.case@example.org'],
    expirationDate: '2029-12-31',
    birthDate: '2001-07-15',
    patronType: 1,
    homeLibraryCode: 'br',
    note: 'mixed-case barcode: "libcard42" matches only with caseSensitivity false',
  },
  {
    id: 1000005,
    barcodes: ['21913000000005'],
    pin: '5555',
    names: ['Twin, Tom'],
    emails: ['twins@example.org'],
    expirationDate: '2030-05-31',
    birthDate: '1995-03-03',
    patronType: 0,
    homeLibraryCode: 'mn',
    note: 'shares an email with 1000006: find by email (varFieldTag z) answers 409',
  },
  {
    id: 1000006,
    barcodes: ['21913000000006'],
    pin: '6666',
    names: ['Twin, Tess'],
    emails: ['twins@example.org'],
    expirationDate: '2030-05-31',
    birthDate: '1995-03-03',
    patronType: 0,
    homeLibraryCode: 'mn',
    note: 'shares an email with 1000005',
  },
];

/** 1000004 is the bib of the reference's example request (seed 001). */
export const sierraBibs: readonly SierraBib[] = [
  {
    id: '1000004',
    title: 'The left hand of darkness',
    author: 'Le Guin, Ursula K., 1929-2018',
    publishYear: 1969,
    materialType: { code: 'a', value: 'BOOK' },
    lang: { code: 'eng', name: 'English' },
  },
  {
    id: '1000005',
    title: 'Middlemarch : a study of provincial life',
    author: 'Eliot, George, 1819-1880',
    publishYear: 1871,
    materialType: { code: 'a', value: 'BOOK' },
    lang: { code: 'eng', name: 'English' },
  },
  {
    id: '1000006',
    title: 'Kind of blue',
    author: 'Davis, Miles',
    publishYear: 1959,
    materialType: { code: 'j', value: 'MUSIC CD' },
    lang: { code: 'zxx', name: 'No linguistic content' },
  },
];
