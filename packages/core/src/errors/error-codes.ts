/**
 * The stable error codes of ils-auth. Applications branch on these, never on messages, so a code is never
 * renamed once published. OAuth 2.0 codes (RFC 6749 §5.2, RFC 6750 §3.1) keep their standard spelling.
 */
export const ERROR_CODES = [
  // Our own configuration or the caller's input is wrong: fix the code, retrying will not help.
  'config_invalid',
  'invalid_input',
  // RFC 6749 / RFC 6750 codes, as the provider reported them (or as we mapped its own codes onto them).
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_token',
  'insufficient_scope',
  'access_denied',
  // A patron's barcode/card number and PIN were refused (Sierra 108, OverDrive unauthorized_client).
  'invalid_credentials',
  // The patron's password is right but has expired (Koha's "Password expired"): they must change it at the
  // library before signing in; telling them their PIN is wrong would send them guessing.
  'password_expired',
  // The callback's state does not match the one we issued: a forged or replayed callback.
  'state_mismatch',
  // A sign-in or sign-out post came from another site (login CSRF), by its Origin, Sec-Fetch-Site or Referer.
  'cross_site_request',
  // The authorization response names another issuer than the one the sign-in was sent to, or none where
  // one is required (RFC 9207): a mix-up attack or a misconfigured server.
  'issuer_mismatch',
  // The patron's session is unknown or over: they must sign in again.
  'session_expired',
  // The provider answered something that is not a valid answer (HTML, truncated JSON, no access_token).
  'malformed_response',
  'response_too_large',
  // The provider could not be reached, or answered 5xx / 429: usually worth retrying later.
  'provider_unavailable',
  'rate_limited',
  'timeout',
  // The provider refused the call for a reason that none of the codes above names.
  'provider_error',
  // The shared store (Redis) cannot answer, and what was asked cannot be decided safely without it: a PIN
  // sign-in whose guesses cannot be counted, a session the process has not seen. Retry later.
  'store_unavailable',
  // A request named a provider that is not configured (a sign-out URL with a made-up name): 404.
  'unknown_provider',
] as const;

export type IlsAuthErrorCode = (typeof ERROR_CODES)[number];
