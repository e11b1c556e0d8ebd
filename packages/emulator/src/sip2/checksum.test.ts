import { describe, expect, it } from 'vitest';
import { checksumMatches, sip2Checksum } from './checksum.js';
import { encodeText } from './encoding.js';

const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('sip2Checksum', () => {
  it('agrees with the published vectors byte for byte', () => {
    expect(sip2Checksum(ascii('941AY0AZ'))).toBe('FDFD');
    expect(sip2Checksum(ascii('9300CNuser_id|COpassword|AY0AZ'))).toBe('F556');
    expect(sip2Checksum(ascii('9300CNuser_id|COpassword|AZ'))).toBe('F620');
    expect(sip2Checksum(ascii('some data|AY7AZ'))).toBe('FAAA');
    // Koha's constant resend requests, checksum included.
    expect(sip2Checksum(ascii('96AZ'))).toBe('FEF6');
    expect(sip2Checksum(ascii('97AZ'))).toBe('FEF5');
  });

  it('adds bytes, so the same text has another checksum in UTF-8 than in Windows-1252', () => {
    const text = 'AEZoë Œuvray|AZ';
    const utf8 = encodeText(text, 'utf-8');
    const cp1252 = encodeText(text, 'windows-1252');
    expect(cp1252.length).toBe(text.length);
    expect(utf8.length).toBe(text.length + 2); // ë and Œ take two bytes each
    expect(sip2Checksum(utf8)).not.toBe(sip2Checksum(cp1252));
  });

  it('keeps 16 bits: a message whose byte sum passes 0xFFFF still gets four digits', () => {
    const long = Buffer.alloc(700, 'z');
    expect(sip2Checksum(long)).toMatch(/^[0-9A-F]{4}$/);
    // sum + checksum ≡ 0 (mod 2^16), the receiver's test
    const sum = long.reduce((total, byte) => total + byte, 0);
    expect((sum + Number.parseInt(sip2Checksum(long), 16)) % 0x10000).toBe(0);
  });

  it('checks a checksum in either case and refuses what is not four hex digits', () => {
    expect(checksumMatches(ascii('941AY0AZ'), 'fdfd')).toBe(true);
    expect(checksumMatches(ascii('941AY0AZ'), 'FDFE')).toBe(false);
    expect(checksumMatches(ascii('941AY0AZ'), 'FDF')).toBe(false);
    expect(checksumMatches(ascii('941AY0AZ'), 'FDFG')).toBe(false);
  });
});
