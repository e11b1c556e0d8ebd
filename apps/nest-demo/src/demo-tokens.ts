/** Injection token of the seeded test accounts shown on the home page (`TestCredential[]`). */
export const DEMO_CREDENTIALS = Symbol('DEMO_CREDENTIALS');

/** Sierra bib records the catalogue page lists (the emulator's seeded bibs). */
export const CATALOGUE_BIB_IDS: readonly string[] = ['1000004', '1000005', '1000006'];

/** Injection token of the OpenID server's UserInfo URL (a string): the account page reads it as the patron. */
export const OIDC_USERINFO_URL = Symbol('OIDC_USERINFO_URL');

/** Injection token of the Koha patron ids the Koha page reads with the app token (`number[]`). */
export const KOHA_PATRON_IDS = Symbol('KOHA_PATRON_IDS');

/** Injection token of the five systems' app-credential calls (`AppCredentialCalls` from demo-support). */
export const APP_CREDENTIAL_CALLS = Symbol('APP_CREDENTIAL_CALLS');
