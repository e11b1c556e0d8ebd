import type { IlsAuthErrorCode } from './error-codes.js';
import type { IlsAuthError } from './ils-auth-error.js';

/**
 * The HTTP status an application answers an `IlsAuthError` with, the same in every framework adapter, chosen
 * from the error's code. `IlsAuthError.status` is what the
 * provider answered and must not leak through: a provider's 401 for our client secret is our server's
 * fault (500), not a reason to ask the browser to sign in.
 */
const STATUS_BY_CODE: Record<IlsAuthErrorCode, number> = {
  config_invalid: 500,
  invalid_input: 400,
  invalid_request: 400,
  invalid_client: 500,
  // A code that expired or was already used: the patron starts the sign-in again.
  invalid_grant: 400,
  unauthorized_client: 500,
  unsupported_grant_type: 500,
  invalid_scope: 500,
  invalid_token: 401,
  insufficient_scope: 403,
  access_denied: 403,
  invalid_credentials: 401,
  password_expired: 403,
  // As passport-oauth2: a sign-in whose state cannot be verified is forbidden.
  state_mismatch: 403,
  cross_site_request: 403,
  // A callback from another server than the one the patron was sent to is refused like a forged state.
  issuer_mismatch: 403,
  session_expired: 401,
  malformed_response: 502,
  response_too_large: 502,
  provider_unavailable: 503,
  rate_limited: 429,
  timeout: 504,
  provider_error: 502,
  store_unavailable: 503,
  // The request's own mistake, not the server's: no error log line, and nothing to retry.
  unknown_provider: 404,
};

/**
 * The patron must sign in again: a refresh token the provider refused, a session that is over. A stale
 * sign-in transaction also asks for a new sign-in, but the request itself was bad (403, not 401), and
 * sending the browser straight back to sign-in would loop.
 */
export function mustSignInAgain(error: IlsAuthError): boolean {
  return error.reauthRequired && error.code !== 'state_mismatch';
}

export function httpStatusFor(error: IlsAuthError): number {
  if (mustSignInAgain(error)) return 401;
  return STATUS_BY_CODE[error.code] ?? 500;
}
