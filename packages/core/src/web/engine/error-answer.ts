import { httpStatusFor } from '../../errors/http-status.js';
import { isIlsAuthError } from '../../errors/ils-auth-error.js';
import type { SetCookie } from '../cookies.js';
import { cookiesOf } from '../error-cookies.js';
import { SIGN_IN_HEADERS } from '../sign-in-headers.js';

/**
 * How to answer an error, as data: each adapter shapes its body (`{ error: { code, message } }` in
 * Express, Nest's `{ statusCode, error, message }`) from these fields and writes the rest as given.
 */
export interface ErrorAnswer {
  status: number;
  /** `Cache-Control: no-store`, and `Retry-After` on a 429 or 503 that says when to come back. */
  headers: Record<string, string>;
  /** Cookies the failure still wants written (a code sign-in's transaction, cleared; ended sessions). */
  cookies: SetCookie[];
  /** The `IlsAuthError` code; `internal_error` for anything else. */
  code: string;
  /** Ours, never a secret, a stack or a provider's body; generic for anything but an `IlsAuthError`. */
  message: string;
  /** Where the patron signs in again when the error ended a session (absent otherwise). */
  signInAgain?: string;
}

/**
 * The answer to `error` on its own (`signInAgain` adds the re-sign-in of a page). A client error that a
 * body parser or `http-errors` marks as safe to show (`expose`) keeps its 4xx as `invalid_request`.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (!isIlsAuthError(error)) {
    const exposed = exposedClientErrorStatus(error);
    if (exposed !== undefined)
      return {
        status: exposed,
        headers: { ...SIGN_IN_HEADERS },
        cookies: cookiesOf(error),
        code: 'invalid_request',
        message: 'the request could not be read',
      };
    return {
      status: 500,
      headers: { ...SIGN_IN_HEADERS },
      cookies: cookiesOf(error),
      code: 'internal_error',
      message: 'internal server error',
    };
  }
  const status = httpStatusFor(error);
  return {
    status,
    headers: { ...SIGN_IN_HEADERS, ...retryAfterHeaders(error.retryAfter, status) },
    cookies: cookiesOf(error),
    code: error.code,
    message: error.message,
  };
}

/**
 * `Retry-After` for an answer of 429 or 503 that says when to come back (the throttle's window, a
 * provider's own `Retry-After` or core's backoff), in whole seconds, at least 1. Empty for any other.
 */
export function retryAfterHeaders(retryAfter: number | undefined, status: number): Record<string, string> {
  if (retryAfter === undefined || (status !== 429 && status !== 503)) return {};
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfter))) };
}

/** body-parser and http-errors mark the client errors they raise as safe to show (`expose`). */
function exposedClientErrorStatus(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && candidate?.expose === true
    ? status
    : undefined;
}
