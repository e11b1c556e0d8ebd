import { createHash } from 'node:crypto';

// RFC 7636 §4.1: 43 to 128 unreserved characters.
const VERIFIER_OR_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export type ChallengeMethod = 'S256' | 'plain';

export function isValidChallenge(challenge: string): boolean {
  return VERIFIER_OR_CHALLENGE.test(challenge);
}

/** RFC 7636 §4.6: does the verifier answer the challenge made at the authorization request? */
export function verifierMatches(challenge: string, method: ChallengeMethod, verifier: string): boolean {
  if (!VERIFIER_OR_CHALLENGE.test(verifier)) return false;
  const derived =
    method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return derived === challenge;
}
