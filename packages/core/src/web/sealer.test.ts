import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSealer } from './sealer.js';

const OLD = 'an-old-secret-of-at-least-thirty-two-chars';
const NEW = 'a-new-secret-of-at-least-thirty-two-chars!';
const now = 1_800_000_000_000;

describe('createSealer', () => {
  it('opens what it sealed for the same purpose until it expires, and nothing else', () => {
    const sealer = createSealer([NEW]);
    const sealed = sealer.seal({ state: 's', codeVerifier: 'v' }, 'ils_tx_rero', now + 60_000);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('codeVerifier');
    expect(sealer.unseal(sealed, 'ils_tx_rero', now)).toEqual({ state: 's', codeVerifier: 'v' });
    expect(sealer.unseal(sealed, 'ils_tx_sierra', now)).toBeUndefined();
    expect(sealer.unseal(sealed, 'ils_tx_rero', now + 60_000)).toBeUndefined();
  });

  it('refuses altered, truncated, foreign-version and oversized values', () => {
    const sealer = createSealer([NEW]);
    const sealed = sealer.seal('x', 'p', now + 1000);
    const bytes = Buffer.from(sealed, 'base64url');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 1;
    const otherVersion = Buffer.from(bytes);
    otherVersion[0] = 2;
    for (const bad of [
      flipped.toString('base64url'),
      otherVersion.toString('base64url'),
      sealed.slice(0, 20),
      `${sealed}!`,
      'A'.repeat(5000),
      '',
      undefined,
    ])
      expect(sealer.unseal(bad, 'p', now)).toBeUndefined();
  });

  it('rotates keys: the first secret seals, every listed secret opens, a dropped one no longer does', () => {
    const before = createSealer([OLD]).seal('kept', 'p', now + 1000);
    const rotated = createSealer([NEW, OLD]);
    expect(rotated.unseal(before, 'p', now)).toBe('kept');
    const after = rotated.seal('new', 'p', now + 1000);
    expect(createSealer([NEW]).unseal(after, 'p', now)).toBe('new');
    expect(createSealer([NEW]).unseal(before, 'p', now)).toBeUndefined();
  });

  it('prints nothing of its keys', () => {
    const sealer = createSealer([NEW]);
    expect(inspect(sealer)).toBe('Sealer {}');
    expect(JSON.stringify(sealer)).toBe('{"type":"Sealer"}');
  });
});
