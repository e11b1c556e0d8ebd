import type { ProviderAnswer } from '../errors/provider-error.js';
import { findChallenge } from '../errors/www-authenticate.js';

/**
 * RFC 6750 §3.1: a 401 whose Bearer challenge says `invalid_token`, or names no error at all (we did send a
 * token, so "no credentials" can only mean ours was not accepted).
 */
export function rejectedPerRfc6750(answer: ProviderAnswer): boolean {
  if (answer.status !== 401) return false;
  const challenge = findChallenge(answer.headers.get('www-authenticate'), 'bearer');
  if (!challenge) return false;
  return challenge.params.error === undefined || challenge.params.error === 'invalid_token';
}

/** For providers documented to answer 401 only for a dead token (OverDrive, RERO): any 401. */
export function anyUnauthorized(answer: ProviderAnswer): boolean {
  return answer.status === 401;
}
