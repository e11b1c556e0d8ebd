import type { IlsAuthErrorCode } from '@ils-auth/core';

/** The process exit codes of `ils-auth`; scripts branch on these, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** Something nobody planned for (a bug, most likely). */
  unexpected: 1,
  /** The command line or the configuration is wrong: fix it, retrying will not help. */
  usage: 2,
  /** The provider refused: wrong credentials, bad grant, an HTTP 4xx. */
  refused: 3,
  /** The provider could not be reached, timed out, is rate limiting or answered 5xx. */
  unavailable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code of core, sorted into the three outcomes a script can act on. */
const BY_ERROR_CODE: Readonly<Record<IlsAuthErrorCode, ExitCode>> = {
  config_invalid: EXIT.usage,
  invalid_input: EXIT.usage,
  unknown_provider: EXIT.usage,
  invalid_request: EXIT.refused,
  invalid_client: EXIT.refused,
  invalid_grant: EXIT.refused,
  unauthorized_client: EXIT.refused,
  unsupported_grant_type: EXIT.refused,
  invalid_scope: EXIT.refused,
  invalid_token: EXIT.refused,
  insufficient_scope: EXIT.refused,
  access_denied: EXIT.refused,
  invalid_credentials: EXIT.refused,
  password_expired: EXIT.refused,
  state_mismatch: EXIT.refused,
  issuer_mismatch: EXIT.refused,
  session_expired: EXIT.refused,
  cross_site_request: EXIT.refused,
  provider_error: EXIT.refused,
  // A provider that answers garbage is as useless as one that does not answer.
  malformed_response: EXIT.unavailable,
  response_too_large: EXIT.unavailable,
  // The shared store (Redis) did not answer: a retry later may succeed.
  store_unavailable: EXIT.unavailable,
  provider_unavailable: EXIT.unavailable,
  rate_limited: EXIT.unavailable,
  timeout: EXIT.unavailable,
};

export function exitCodeForError(code: IlsAuthErrorCode): ExitCode {
  return BY_ERROR_CODE[code] ?? EXIT.unexpected;
}

/** `request` and `info`: the HTTP status of the provider's answer decides. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status >= 500) return EXIT.unavailable;
  if (status >= 400) return EXIT.refused;
  return EXIT.ok;
}
