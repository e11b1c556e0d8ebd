import { createHash } from 'node:crypto';
import { randomId } from '../internal/hash.js';

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** RFC 7636 §4.1–4.2: a 43-character verifier (256 bits) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomId(32);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge, method: 'S256' };
}
