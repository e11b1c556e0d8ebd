import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/** Seals small JSON values so that a browser can carry them without reading or changing them. */
export interface Sealer {
  /** An opaque, URL- and cookie-safe string that opens only with one of the secrets and `purpose`, until `expiresAt`. */
  seal(value: unknown, purpose: string, expiresAt: number): string;
  /** The value, or undefined when the string is not ours, altered, sealed for another purpose, or expired. */
  unseal(sealed: string | undefined, purpose: string, now: number): unknown;
}

const VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES;
// Browsers cap a cookie at about 4 KiB; anything longer was not made by us.
const MAX_SEALED_LENGTH = 4096;

interface SealingKey {
  id: Buffer;
  key: Buffer;
}

/**
 * AES-256-GCM with a key derived from each secret by HKDF, so an application secret is never itself used as
 * a key. Layout: version byte, key id (4 bytes of a hash of the key, so opening tries the right key first
 * and rotation costs nothing), IV, ciphertext, tag. `purpose` (for cookies, the cookie name) is
 * authenticated data: a value sealed for one use does not open as another. With several secrets the first
 * seals and all open: add a new secret in front, drop the old one once its values have expired.
 */
export function createSealer(secrets: readonly string[]): Sealer {
  const keys: SealingKey[] = secrets.map((secret) => {
    const key = Buffer.from(hkdfSync('sha256', secret, 'ils-auth', 'sealed value v1', 32));
    return { id: createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES), key };
  });
  const sealing = keys[0];
  if (!sealing) throw new TypeError('createSealer needs at least one secret');

  const sealer: Sealer = {
    seal(value, purpose, expiresAt) {
      const iv = randomBytes(IV_BYTES);
      const header = Buffer.concat([Buffer.of(VERSION), sealing.id, iv]);
      const cipher = createCipheriv('aes-256-gcm', sealing.key, iv);
      cipher.setAAD(Buffer.concat([header, Buffer.from(purpose)]));
      const plain = Buffer.from(JSON.stringify({ e: expiresAt, v: value }));
      return Buffer.concat([header, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString(
        'base64url',
      );
    },
    unseal(sealed, purpose, now) {
      if (!sealed || sealed.length > MAX_SEALED_LENGTH || !/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined;
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length <= HEADER_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
      const id = bytes.subarray(1, 1 + KEY_ID_BYTES);
      const key = keys.find((candidate) => candidate.id.equals(id));
      const opened = key && open(key.key, bytes, purpose);
      if (!opened || typeof opened.e !== 'number' || !(opened.e > now)) return undefined;
      return opened.v;
    },
  };
  // The keys live in this closure; printing the sealer must say nothing more.
  Object.defineProperty(sealer, inspect.custom, { enumerable: false, value: () => 'Sealer {}' });
  Object.defineProperty(sealer, 'toJSON', { enumerable: false, value: () => ({ type: 'Sealer' }) });
  return Object.freeze(sealer);
}

function open(key: Buffer, bytes: Buffer, purpose: string): { e?: unknown; v?: unknown } | undefined {
  try {
    const header = bytes.subarray(0, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(1 + KEY_ID_BYTES));
    decipher.setAAD(Buffer.concat([header, Buffer.from(purpose)]));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const parsed: unknown = JSON.parse(plain.toString('utf8'));
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as { e?: unknown; v?: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}
