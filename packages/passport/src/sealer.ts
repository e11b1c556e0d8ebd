import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { checkSecret } from './sealer-secret.js';

/** Seals small JSON values so that a browser can carry them without reading or changing them. */
export interface Sealer {
  /** An opaque, URL- and cookie-safe string that opens only with the same secret and `purpose`, until it expires. */
  seal(value: unknown, options: { purpose: string; maxAgeSeconds: number }): string;
  /** The value, or undefined when the string is not ours, altered, sealed for another purpose, or expired. */
  unseal(sealed: string | undefined, options: { purpose: string }): unknown;
}

export interface SealerOptions {
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** Named in the `config_invalid` error of a bad secret; default `ils-auth`. */
  owner?: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Browsers cap a cookie at about 4 KiB; anything longer was not made by us.
const MAX_SEALED_LENGTH = 4096;

/**
 * AES-256-GCM with a key derived by HKDF, so the application secret is never itself used as a key.
 * `purpose` (for cookies, the cookie name) is authenticated data: a value sealed for one use does not open
 * as another. An array of secrets rotates keys: the first seals, all of them open.
 */
export function createSealer(secret: string | readonly string[], options: SealerOptions = {}): Sealer {
  const secrets = checkSecret(options.owner ?? 'ils-auth', secret);
  const clock = options.clock ?? Date.now;
  const keys = secrets.map((value) =>
    Buffer.from(hkdfSync('sha256', value, 'ils-auth/passport', 'sealed value v1', 32)),
  );
  const [sealingKey] = keys as [Buffer, ...Buffer[]];

  const sealer: Sealer = {
    seal(value, { purpose, maxAgeSeconds }) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealingKey, iv);
      cipher.setAAD(Buffer.from(purpose));
      const plain = Buffer.from(JSON.stringify({ e: clock() + maxAgeSeconds * 1000, v: value }));
      return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString(
        'base64url',
      );
    },
    unseal(sealed, { purpose }) {
      if (!sealed || sealed.length > MAX_SEALED_LENGTH || !/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined;
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
      for (const key of keys) {
        const opened = open(key, bytes, purpose);
        if (opened === undefined) continue;
        return typeof opened.e === 'number' && opened.e > clock() ? opened.v : undefined;
      }
      return undefined;
    },
  };
  // The keys live in this closure; make sure printing the sealer says nothing more.
  Object.defineProperty(sealer, inspect.custom, { enumerable: false, value: () => 'Sealer {}' });
  return Object.freeze(sealer);
}

function open(key: Buffer, bytes: Buffer, purpose: string): { e?: unknown; v?: unknown } | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
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
