import { describe, expect, it } from 'vitest';
import { formatSessionCookie, parseSessionCookie } from './session-cookie.js';

const known = new Set(['sierra', 'overdrive']);
const ID = 'AbCdEfGhIjKlMnOpQrStUv_-0123456789';

describe('the session cookie: one <provider>.<session id> entry per provider', () => {
  it('round-trips the sessions of several providers, in order', () => {
    const entries = [
      { provider: 'overdrive', sessionId: ID },
      { provider: 'sierra', sessionId: `${ID}x` },
    ];
    const value = formatSessionCookie(entries);
    expect(value).toBe(`overdrive.${ID}~sierra.${ID}x`);
    expect(parseSessionCookie(value, known)).toEqual(entries);
    expect(formatSessionCookie([])).toBe('');
  });

  it('drops malformed entries, unknown providers and a second entry for one provider', () => {
    const value = [
      `rero.${ID}`, // not configured here
      'sierra.short', // too short to be a session id
      `sierra.${ID};x`,
      `sierra.${ID}`,
      `sierra.${ID}y`, // a planted second session for sierra
      `overdrive.${ID}`,
    ].join('~');
    expect(parseSessionCookie(value, known)).toEqual([
      { provider: 'sierra', sessionId: ID },
      { provider: 'overdrive', sessionId: ID },
    ]);
  });

  it('reads nothing from an absent, empty or oversized cookie', () => {
    expect(parseSessionCookie(undefined, known)).toEqual([]);
    expect(parseSessionCookie('', known)).toEqual([]);
    expect(parseSessionCookie(`sierra.${ID}~${'x'.repeat(4096)}`, known)).toEqual([]);
  });
});

describe('the session cookie, parsed once per value', () => {
  it('answers each caller by the providers it knows, whatever another caller knew for the same value', () => {
    const value = `rero.${ID}~sierra.${ID}`;
    expect(parseSessionCookie(value, known)).toEqual([{ provider: 'sierra', sessionId: ID }]);
    expect(parseSessionCookie(value, new Set(['rero']))).toEqual([{ provider: 'rero', sessionId: ID }]);
    const growing = new Set(['sierra']);
    expect(parseSessionCookie(value, growing)).toHaveLength(1);
    growing.add('rero');
    expect(parseSessionCookie(value, growing)).toEqual([
      { provider: 'rero', sessionId: ID },
      { provider: 'sierra', sessionId: ID },
    ]);
  });

  it('hands each caller a list of its own, of entries nobody can change', () => {
    const value = `sierra.${ID}`;
    const first = parseSessionCookie(value, known);
    first.push({ provider: 'overdrive', sessionId: ID });
    expect(() => {
      (first[0] as { sessionId: string }).sessionId = 'planted';
    }).toThrow(TypeError);
    expect(parseSessionCookie(value, known)).toEqual([{ provider: 'sierra', sessionId: ID }]);
  });
});
