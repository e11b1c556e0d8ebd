/** The one account the demo OpenID server knows: fake, public, shown on the demos' home pages. */
export interface DemoOidcPatron {
  /** What the patron types in the e-mail field. */
  login: string;
  password: string;
  /** The subject identifier in id_tokens and UserInfo. */
  sub: string;
  name: string;
  email: string;
  birthdate: string;
}

export const DEMO_OIDC_PATRON: Readonly<DemoOidcPatron> = Object.freeze({
  login: 'ada@library.example',
  password: 'Analytical-1843',
  sub: 'patron-ada-1815',
  name: 'Ada Lovelace',
  email: 'ada@library.example',
  birthdate: '1985-12-10',
});
