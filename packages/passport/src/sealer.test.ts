import { inspect } from 'node:util';
import { IlsAuthError } from '@ils-auth/core';
import { describe, expect, test } from 'vitest';
import { createSealer } from './index.js';

const SECRET = 'a-sealing-secret-of-at-least-32-chars';

describe('createSealer: AES-256-GCM values for cookies', () => {
  test('seals and opens a value; the sealed text shows nothing of it', () => {
    const sealer = createSealer(SECRET);
    const value = { state: 'visible-state-value', codeVerifier: 'the-pkce-verifier-value' };
    const sealed = sealer.seal(value, { purpose: 'tx', maxAgeSeconds: 60 });
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('pkce');
    expect(sealer.unseal(sealed, { purpose: 'tx' })).toEqual(value);
    // Each sealing uses a fresh IV.
    expect(sealer.seal(value, { purpose: 'tx', maxAgeSeconds: 60 })).not.toBe(sealed);
  });

  test('refuses an altered value, another purpose, another secret, garbage, and an expired value', () => {
    let now = 1_000_000;
    const sealer = createSealer(SECRET, { clock: () => now });
    const sealed = sealer.seal({ a: 1 }, { purpose: 'tx', maxAgeSeconds: 60 });
    const altered = `${sealed.slice(0, 30)}${sealed[30] === 'A' ? 'B' : 'A'}${sealed.slice(31)}`;
    expect(sealer.unseal(altered, { purpose: 'tx' })).toBeUndefined();
    expect(sealer.unseal(sealed, { purpose: 'other' })).toBeUndefined();
    expect(createSealer(`${SECRET}!`).unseal(sealed, { purpose: 'tx' })).toBeUndefined();
    for (const garbage of [undefined, '', 'not base64!', 'AAAA', 'A'.repeat(5000)]) {
      expect(sealer.unseal(garbage, { purpose: 'tx' })).toBeUndefined();
    }
    now += 59_000;
    expect(sealer.unseal(sealed, { purpose: 'tx' })).toEqual({ a: 1 });
    now += 2_000;
    expect(sealer.unseal(sealed, { purpose: 'tx' })).toBeUndefined();
  });

  test('rotation: the first secret seals, every secret opens', () => {
    const old = createSealer(SECRET);
    const sealedWithOld = old.seal('v', { purpose: 'p', maxAgeSeconds: 60 });
    const rotated = createSealer(['a-brand-new-secret-of-32-characters', SECRET]);
    expect(rotated.unseal(sealedWithOld, { purpose: 'p' })).toBe('v');
    expect(
      old.unseal(rotated.seal('w', { purpose: 'p', maxAgeSeconds: 60 }), { purpose: 'p' }),
    ).toBeUndefined();
  });

  test('a short or missing secret is config_invalid, and the message does not repeat it', () => {
    for (const secret of ['short-secret-value', '', [], ['x'.repeat(40), 'tooshort-secret-here'], 42]) {
      let thrown: unknown;
      try {
        createSealer(secret as string);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IlsAuthError);
      expect(thrown).toMatchObject({ code: 'config_invalid' });
      expect((thrown as Error).message).toMatch(/`secret`/);
      expect((thrown as Error).message).not.toContain('short-secret-value');
      expect((thrown as Error).message).not.toContain('tooshort');
    }
  });

  test('printing the sealer shows no key material', () => {
    const sealer = createSealer(SECRET);
    expect(inspect(sealer)).toBe('Sealer {}');
    expect(JSON.stringify(sealer)).toBe('{}');
  });
});
