import { describe, expect, it } from 'vitest';
import { readCookie } from './cookie-header.js';

describe('readCookie', () => {
  it('finds a cookie among others, with or without spaces', () => {
    expect(readCookie('a=1; ils_session=abc; b=2', 'ils_session')).toBe('abc');
    expect(readCookie('a=1;ils_session=abc;b=2', 'ils_session')).toBe('abc');
    expect(readCookie('ils_session=abc', 'ils_session')).toBe('abc');
  });

  it('does not match on a name that only ends or starts like it', () => {
    expect(readCookie('xils_session=evil; ils_session_x=evil', 'ils_session')).toBeUndefined();
  });

  it('keeps "=" inside values and strips quotes', () => {
    expect(readCookie('t=a=b=c', 't')).toBe('a=b=c');
    expect(readCookie('t="quoted"', 't')).toBe('quoted');
  });

  it('decodes percent-encoding and skips values that do not decode', () => {
    expect(readCookie('t=a%2Eb', 't')).toBe('a.b');
    expect(readCookie('t=%E0%A4%A; t=good', 't')).toBe('good');
    expect(readCookie('t=%E0%A4%A', 't')).toBeUndefined();
  });

  it('takes the first usable one when the name repeats (most specific path first)', () => {
    expect(readCookie('t=first; t=second', 't')).toBe('first');
    expect(readCookie('t=; t=second', 't')).toBe('second');
  });

  it('survives junk', () => {
    for (const header of [undefined, '', ';;;', '=', 'novalue', '=x; ; t', 'x'.repeat(20_000)]) {
      expect(readCookie(header, 't')).toBeUndefined();
    }
  });
});
