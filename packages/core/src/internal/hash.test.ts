import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, randomId } from './hash.js';

describe('fingerprint', () => {
  it('is the URL-safe base64 SHA-256 of the UTF-8 value, cut to the length asked for', () => {
    for (const value of ['', 'a session id', 'é🙂 card 23333000000001', 'x'.repeat(10_000)]) {
      const full = createHash('sha256').update(value, 'utf8').digest('base64url');
      expect(fingerprint(value)).toBe(full.slice(0, 32));
      expect(fingerprint(value, 12)).toBe(full.slice(0, 12));
    }
  });
});

describe('randomId', () => {
  it('gives distinct 256-bit URL-safe ids across refills of its random batch', () => {
    // 500 ids of 32 bytes span four 4 KiB batches.
    const ids = Array.from({ length: 500 }, () => randomId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomId(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomId(5000)).toHaveLength(6667);
  });

  it('has no long run of zero bytes in its ids (a pool handed out after it was wiped would)', () => {
    const bytes = Buffer.concat(Array.from({ length: 300 }, () => Buffer.from(randomId(), 'base64url')));
    expect(bytes.includes(Buffer.alloc(8))).toBe(false);
  });
});
