import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A sealed value longer than this cannot be ours (browsers cap a cookie at about 4 KiB anyway). */
const MAX_SEALED_LENGTH = 4096;

/**
 * Seals small JSON values for a cookie with AES-256-GCM: the browser can neither read them (the PKCE
 * verifier is a secret) nor change them. The key is derived from the application secret with HKDF, so the
 * secret itself is never used as a key for two purposes. `context` (the cookie name) is authenticated
 * data: a value sealed for one provider's cookie does not open as another's.
 */
export class CookieSealer {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'ils-auth/express', 'sealed cookie v1', 32));
  }

  seal(value: unknown, context: string, expiresAt: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const plain = Buffer.from(JSON.stringify({ exp: expiresAt, value }));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  /** The value, or undefined when the cookie is missing, altered, sealed for another context, or expired. */
  unseal(sealed: string | undefined, context: string, now: number): unknown {
    if (!sealed || sealed.length > MAX_SEALED_LENGTH || !/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
      const parsed = JSON.parse(plain.toString('utf8')) as { exp?: unknown; value?: unknown };
      if (typeof parsed.exp !== 'number' || parsed.exp <= now) return undefined;
      return parsed.value;
    } catch {
      return undefined;
    }
  }

  // The key must never reach a log.
  toJSON(): Record<string, unknown> {
    return { type: 'CookieSealer' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'CookieSealer {}';
  }
}
