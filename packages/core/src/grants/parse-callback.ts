import { timingSafeEqual } from 'node:crypto';
import { ERROR_CODES, type IlsAuthErrorCode } from '../errors/error-codes.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { AuthorizationTransaction } from './authorization-code.js';

/** How long a patron may take on the provider's login page before the callback is refused. */
export const DEFAULT_TRANSACTION_MAX_AGE_MS = 10 * 60 * 1000;

export interface CallbackOptions {
  now: number;
  maxAgeMs?: number;
  /** The issuer the patron was sent to: an `iss` in the callback must be this one (RFC 9207 §2.4). */
  issuer?: string;
  /** The server sends `iss` in every authorization response, so a callback without one is refused. */
  issuerRequired?: boolean;
}

/**
 * Reads the authorization response (RFC 6749 §4.1.2) defensively and returns the code.
 * - `state` must equal the transaction's, compared in constant time; a missing or wrong state is
 *   `state_mismatch` (CSRF or a replayed callback).
 * - With `issuer`, `iss` is checked before anything else of the answer (even an error) is used: another
 *   issuer, or none where `issuerRequired`, is `issuer_mismatch` (RFC 9207), so a code from a mix-up
 *   attack is never sent.
 * - `error=access_denied` (the patron said no) and other errors become typed errors.
 * - Sierra appends `?code=…&state=…` even to a redirect URI that already has a query, so the callback may
 *   contain a second `?`; parameters after it are read too.
 */
export function parseCallback(
  callback: string | URL | URLSearchParams,
  transaction: AuthorizationTransaction,
  options: CallbackOptions,
): string {
  const params = callbackParams(callback);
  const provider = transaction.provider;
  const age = options.now - transaction.createdAt;
  if (!(age >= 0 && age <= (options.maxAgeMs ?? DEFAULT_TRANSACTION_MAX_AGE_MS))) {
    throw new IlsAuthError(
      'state_mismatch',
      `the ${provider} sign-in took too long or was already used; start again`,
      { provider, reauthRequired: true },
    );
  }
  const state = params.get('state');
  if (!state || !sameString(state, transaction.state)) {
    throw new IlsAuthError(
      'state_mismatch',
      `the ${provider} callback's state does not match the sign-in that was started`,
      { provider, status: 400 },
    );
  }
  if (options.issuer !== undefined)
    checkIssuer(params.get('iss'), options.issuer, options.issuerRequired === true, provider);
  const error = params.get('error');
  if (error) {
    const code: IlsAuthErrorCode = (ERROR_CODES as readonly string[]).includes(error)
      ? (error as IlsAuthErrorCode)
      : 'provider_error';
    const description = params.get('error_description');
    const message =
      error === 'access_denied'
        ? `the patron declined to sign in with ${provider}`
        : `${provider} refused the sign-in (${error})`;
    throw new IlsAuthError(code, message, {
      provider,
      status: error === 'access_denied' ? 403 : 400,
      providerError: { error, ...(description ? { errorDescription: description.slice(0, 500) } : {}) },
    });
  }
  const code = params.get('code');
  if (!code)
    throw new IlsAuthError(
      'invalid_request',
      `the ${provider} callback carried neither a code nor an error`,
      { provider, status: 400 },
    );
  return code;
}

function checkIssuer(iss: string | null, expected: string, required: boolean, provider: string): void {
  if (iss === expected || (iss === null && !required)) return;
  throw new IlsAuthError(
    'issuer_mismatch',
    iss === null
      ? `the ${provider} callback carries no iss, though its server identifies its answers (RFC 9207)`
      : `the ${provider} callback comes from another issuer than the one the sign-in was sent to`,
    { provider, status: 400 },
  );
}

/** The callback's parameters, including those Sierra appends after a second `?`. */
export function callbackParams(callback: string | URL | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  const href = callback instanceof URL ? callback.href : callback;
  const queryStart = href.indexOf('?');
  const query = queryStart === -1 ? href : href.slice(queryStart + 1);
  // Every "?" after the first separates parameters too (Sierra's appended query).
  return new URLSearchParams(query.split('#')[0]!.replaceAll('?', '&'));
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
