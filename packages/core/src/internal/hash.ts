import { createHash, randomBytes } from 'node:crypto';

/** A store key part derived from a value that must not be stored as is (session id, barcode, client id). */
export function fingerprint(value: string, length = 32): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, length);
}

/** An unguessable identifier: 256 bits, URL-safe. */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
