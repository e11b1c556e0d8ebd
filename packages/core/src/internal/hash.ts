import { hash, randomFillSync } from 'node:crypto';

/**
 * A store key part derived from a value that must not be stored as is (session id, barcode, client id):
 * SHA-256, URL-safe base64. One-shot `hash()` (Node 20.12) costs a third of a `createHash()` object.
 */
export function fingerprint(value: string, length = 32): string {
  return hash('sha256', value, 'base64url').slice(0, length);
}

// Random bytes are drawn from the CSPRNG 4 KiB at a time and each byte handed out once (as Node's own
// crypto.randomUUID() batches its entropy): a call into OpenSSL per id cost more than the rest of a
// sign-in's session bookkeeping.
const RANDOM_BATCH = 4096;
const randomPool = Buffer.alloc(RANDOM_BATCH);
let randomUsed = RANDOM_BATCH;

/** An unguessable identifier: 256 bits, URL-safe. */
export function randomId(bytes = 32): string {
  if (bytes > RANDOM_BATCH) return randomFillSync(Buffer.alloc(bytes)).toString('base64url');
  if (randomUsed + bytes > RANDOM_BATCH) {
    randomFillSync(randomPool);
    randomUsed = 0;
  }
  const id = randomPool.toString('base64url', randomUsed, randomUsed + bytes);
  // Spent bytes are overwritten, so no id can be read back out of the pool.
  randomPool.fill(0, randomUsed, randomUsed + bytes);
  randomUsed += bytes;
  return id;
}
