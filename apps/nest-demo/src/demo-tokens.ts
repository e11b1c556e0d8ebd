/** Injection token of the seeded test accounts shown on the home page (`TestCredential[]`). */
export const DEMO_CREDENTIALS = Symbol('DEMO_CREDENTIALS');

/** Sierra bib records the catalogue page lists (the emulator's seeded bibs). */
export const CATALOGUE_BIB_IDS: readonly string[] = ['1000004', '1000005', '1000006'];
