import { describe, expect, it } from 'vitest';
import { httpStatusFor } from '../errors/http-status.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import type { AuthorizationTransaction } from './authorization-code.js';
import { parseCallback } from './parse-callback.js';

const transaction: AuthorizationTransaction = {
  provider: 'sso',
  state: 'state-1234567890',
  redirectUri: 'https://portal.example/cb',
  createdAt: 1_000,
};
const issuer = 'https://sso.example.org/realms/library';
const refusal = (
  query: string,
  options: { issuer?: string; issuerRequired?: boolean } = { issuer, issuerRequired: true },
) => {
  try {
    parseCallback(`https://portal.example/cb?state=state-1234567890&${query}`, transaction, {
      now: 2_000,
      ...options,
    });
  } catch (error) {
    if (isIlsAuthError(error)) return error;
  }
  throw new Error('expected the callback to be refused');
};

describe('parseCallback and RFC 9207 iss', () => {
  it('returns the code when iss is the issuer', () => {
    const code = parseCallback(
      `https://portal.example/cb?code=c-1&state=state-1234567890&iss=${encodeURIComponent(issuer)}`,
      transaction,
      { now: 2_000, issuer },
    );
    expect(code).toBe('c-1');
  });

  it('refuses another iss or none with issuer_mismatch (HTTP 403), even on an error answer', () => {
    const other = refusal('code=c-1&iss=https%3A%2F%2Fattacker.example');
    expect(other.code).toBe('issuer_mismatch');
    expect(httpStatusFor(other)).toBe(403);
    expect(refusal('code=c-1').code).toBe('issuer_mismatch');
    expect(refusal('error=access_denied&iss=https%3A%2F%2Fattacker.example').code).toBe('issuer_mismatch');
    // A prefix of the issuer is another issuer.
    expect(refusal(`code=c-1&iss=${encodeURIComponent(`${issuer}/../x`)}`).code).toBe('issuer_mismatch');
  });

  it('accepts a callback without iss from a server that does not send one, but never another iss', () => {
    const options = { now: 2_000, issuer, issuerRequired: false };
    expect(
      parseCallback('https://portal.example/cb?code=c-1&state=state-1234567890', transaction, options),
    ).toBe('c-1');
    expect(
      refusal('code=c-1&iss=https%3A%2F%2Fattacker.example', { issuer, issuerRequired: false }).code,
    ).toBe('issuer_mismatch');
  });

  it('ignores iss for a provider without an issuer (plain OAuth 2.0)', () => {
    expect(
      parseCallback('https://portal.example/cb?code=c-1&state=state-1234567890&iss=whatever', transaction, {
        now: 2_000,
      }),
    ).toBe('c-1');
  });
});
