import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CookieSealer } from './sealed-cookie.js';

const secret = 'a-secret-of-at-least-32-characters!!';
const later = Date.now() + 60_000;

describe('CookieSealer', () => {
  it('opens what it sealed, and nothing shows through', () => {
    const sealer = new CookieSealer(secret);
    const sealed = sealer.seal({ state: 'abc', codeVerifier: 'very-secret-verifier' }, 'ils_tx_a', later);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('very-secret-verifier');
    expect(sealer.unseal(sealed, 'ils_tx_a', Date.now())).toEqual({
      state: 'abc',
      codeVerifier: 'very-secret-verifier',
    });
    // A new IV every time.
    expect(sealer.seal({ a: 1 }, 'x', later)).not.toBe(sealer.seal({ a: 1 }, 'x', later));
  });

  it('refuses another context, another secret, an expired value, and any changed byte', () => {
    const sealer = new CookieSealer(secret);
    const sealed = sealer.seal({ a: 1 }, 'ils_tx_a', later);
    expect(sealer.unseal(sealed, 'ils_tx_b', Date.now())).toBeUndefined();
    expect(new CookieSealer(`${secret}?`).unseal(sealed, 'ils_tx_a', Date.now())).toBeUndefined();
    expect(sealer.unseal(sealed, 'ils_tx_a', later + 1)).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i]! ^= 1;
      expect(sealer.unseal(changed.toString('base64url'), 'ils_tx_a', Date.now())).toBeUndefined();
    }
  });

  it('refuses junk without throwing', () => {
    const sealer = new CookieSealer(secret);
    for (const junk of [undefined, '', 'abc', '!!!', 'A'.repeat(10_000), 'A'.repeat(40)]) {
      expect(sealer.unseal(junk, 'x', Date.now())).toBeUndefined();
    }
  });

  it('never shows its key', () => {
    const sealer = new CookieSealer(secret);
    expect(inspect(sealer, { showHidden: true })).not.toContain(secret.slice(0, 10));
    expect(JSON.stringify(sealer)).toBe('{"type":"CookieSealer"}');
  });
});
