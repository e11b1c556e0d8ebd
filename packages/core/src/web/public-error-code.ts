import { ERROR_CODES } from '../errors/error-codes.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';

/**
 * Outcomes of a sign-in that are the patron's (or the browser's) doing, not an outage: wrong card or PIN,
 * hostile input, a declined consent, a state or an issuer (RFC 9207 `iss`) that does not check out, a
 * cross-site post. Passport calls
 * these failures (`fail()`), so `failureRedirect`/`failureFlash` show them on the sign-in form.
 */
export const SIGN_IN_FAILURE_CODES: ReadonlySet<string> = new Set([
  'invalid_credentials',
  'password_expired',
  'invalid_input',
  'invalid_request',
  'access_denied',
  'state_mismatch',
  'issuer_mismatch',
  'cross_site_request',
]);

/**
 * Codes a failed sign-in may show in a URL (`/login?error=invalid_credentials`): each names what the
 * patron can act on, none says more than the JSON answer would. Anything else is `sign_in_failed`.
 */
const PUBLIC_CODES: ReadonlySet<string> = new Set([
  ...SIGN_IN_FAILURE_CODES,
  'session_expired',
  'rate_limited',
  'provider_unavailable',
  'timeout',
  'store_unavailable',
]);

/** ils-auth's own codes: those not listed above say more about the server than a patron needs to know. */
const KNOWN_ERROR_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** What an application may name a refusal of its own (`card_expired`): short, lower case, no markup. */
export const REASON_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The error code to put in a failure redirect's query: the application's own reason for a refused
 * sign-in (see `SignInDeniedError`), a code from the list above, else `sign_in_failed`.
 */
export function publicErrorCode(error: unknown): string {
  if (!isIlsAuthError(error)) return 'sign_in_failed';
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason === 'string' && REASON_PATTERN.test(reason)) return reason;
  return publicFailureCode(error.code);
}

/**
 * The same for a failure known only by its code (Passport's `info.code`): one of the codes above, else
 * `sign_in_failed`. A strategy fails only with those; an application's own reason (`card_expired`) is
 * shown when it has the shape of one, as `SignInDeniedError` reasons are.
 */
export function publicFailureCode(code: unknown): string {
  if (typeof code !== 'string') return 'sign_in_failed';
  return PUBLIC_CODES.has(code) || (REASON_PATTERN.test(code) && !KNOWN_ERROR_CODES.has(code))
    ? code
    : 'sign_in_failed';
}
