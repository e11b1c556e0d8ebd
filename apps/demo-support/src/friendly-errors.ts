/** What a person is told, per error code: our words only, never the provider's text or what they typed. */
export interface FriendlyError {
  title: string;
  text: string;
}

const FRIENDLY: Readonly<Record<string, FriendlyError>> = {
  invalid_credentials: {
    title: 'Sign-in failed',
    text: 'That card number and PIN do not match our records. Check them and try again.',
  },
  password_expired: {
    title: 'Your password has expired',
    text: "Your password is right but has expired. Change it in the library's catalogue, then sign in here with the new one.",
  },
  invalid_input: {
    title: 'Sign-in failed',
    text: 'The card number or PIN is missing or cannot be right. Check it and try again.',
  },
  access_denied: {
    title: 'You are not signed in',
    text: 'You chose not to share your library account with this site, so you are not signed in. You can sign in again at any time.',
  },
  state_mismatch: {
    title: 'This sign-in has expired',
    text: 'This sign-in expired or was already used (or started in another browser). Please start again.',
  },
  issuer_mismatch: {
    title: 'Sign-in refused',
    text: 'The answer did not come from the sign-in service this site trusts, so you are not signed in.',
  },
  cross_site_request: {
    title: 'Sign-in refused',
    text: 'Sign-in forms must be sent from this site. Please sign in here.',
  },
  session_expired: { title: 'Please sign in again', text: 'Your session with the library has ended.' },
  rate_limited: {
    title: 'Too many attempts',
    text: 'There were too many sign-in attempts for this card. Wait a few minutes and try again.',
  },
  provider_unavailable: {
    title: 'The library system is not answering',
    text: 'The library system is unavailable right now. Please try again in a moment.',
  },
  timeout: {
    title: 'The library system is not answering',
    text: 'The library system took too long to answer. Please try again in a moment.',
  },
};
const GENERIC: FriendlyError = { title: 'Something went wrong', text: 'Please try again later.' };

/**
 * Any code, including one a query string made up (a failure redirect's `?error=`): unknown ones get the
 * generic words and the code `unknown`, so a page never shows text it was sent.
 */
export function friendlyError(code: string): FriendlyError & { code: string } {
  return Object.hasOwn(FRIENDLY, code)
    ? { code, ...(FRIENDLY[code] as FriendlyError) }
    : { code: 'unknown', ...GENERIC };
}
