import { createSecretKey, type KeyObject } from 'node:crypto';
import { IlsAuthError } from '@ils-auth/core';

const KEY_BYTES = 32;

/**
 * Turns the `encryptionKey` option into a KeyObject, so the raw bytes are not kept in a field of ours
 * (a KeyObject prints as `SecretKeyObject { type: 'secret' }`). Accepts 32 bytes, or 32 bytes written in
 * hex or base64/base64url: what `openssl rand -hex 32` or `-base64 32` prints.
 * The error never repeats the value, not even in part.
 */
export function parseEncryptionKey(value: unknown): KeyObject {
  const bytes = keyBytes(value);
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new IlsAuthError(
      'config_invalid',
      'RedisStore: option `encryptionKey` must be 32 bytes (a Buffer), or 32 bytes in hex (64 characters) or base64',
      { retryable: false },
    );
  }
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return key;
}

function keyBytes(value: unknown): Buffer | undefined {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  // Node's decoder skips what it cannot read; a round trip proves every character was key material.
  const canonical = (s: string) => s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  return canonical(bytes.toString('base64')) === canonical(text) ? bytes : undefined;
}
