import { describe, expect, it } from 'vitest';
import { DATE, patronInformation, session } from '../testing/sip2-session.js';
import { withChecksum } from '../testing/sip2-wire.js';
import { checksumMatches } from './checksum.js';
import { encodeText } from './encoding.js';

describe('encodings', () => {
  it('windows-1252: a name in one byte per character (Œ is 0x8C), the checksum over those bytes', async () => {
    await session({ encoding: 'windows-1252' }, async (ask, sip) => {
      const { barcode, pin } = sip.patrons.unicode;
      const answer = await ask(patronInformation(barcode, pin));
      expect(answer.includes(Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x8c]))).toBe(true); // "Zoë Œ"
      expect(answer.includes(Buffer.from('Zoë', 'utf8'))).toBe(false);
    });
  });

  it('windows-1252: reads a request in that code page (a PIN check with a non-ASCII barcode echoed)', async () => {
    await session({ encoding: 'windows-1252' }, async (ask) => {
      const barcode = Buffer.from([0x8c, 0xe9]); // Œé
      const request = Buffer.concat([Buffer.from(`23001${DATE}AOCPL|AA`), barcode, Buffer.from('|AD1|')]);
      const answer = await ask(request);
      expect(answer.includes(Buffer.from([0x41, 0x41, 0x8c, 0xe9, 0x7c]))).toBe(true); // AAŒé|
    });
  });

  it('checksums are over the bytes of the encoding, in requests and in answers', async () => {
    const text = `23001${DATE}AOCPL|AAŒé|AD1|`;
    await session({ encoding: 'windows-1252' }, async (ask) => {
      const cp1252 = withChecksum(encodeText(text, 'windows-1252'), 5);
      const answer = await ask(cp1252);
      expect(answer.subarray(0, 2).toString()).toBe('24');
      expect(checksumMatches(answer.subarray(0, -4), answer.subarray(-4).toString())).toBe(true);
      // The same text summed as UTF-8 bytes but sent in Windows-1252: the server's sum differs.
      const utf8Sum = withChecksum(Buffer.from(text, 'utf8'), 5).subarray(-4);
      const mismatched = Buffer.concat([encodeText(`${text}AY5AZ`, 'windows-1252'), utf8Sum]);
      expect((await ask(mismatched)).toString()).toBe('96AZFEF6');
    });
    await session({}, async (ask, sip) => {
      const { barcode, pin } = sip.patrons.unicode;
      const answer = await ask(withChecksum(patronInformation(barcode, pin), 6));
      expect(answer.includes(Buffer.from('Zoë', 'utf8'))).toBe(true);
      expect(checksumMatches(answer.subarray(0, -4), answer.subarray(-4).toString())).toBe(true);
    });
  });

  it('utf-8: the same name in UTF-8', async () => {
    await session({}, async (ask, sip) => {
      const answer = await ask(patronInformation(sip.patrons.unicode.barcode, sip.patrons.unicode.pin));
      expect(answer.includes(Buffer.from('Zoë Œuvray-Müller', 'utf8'))).toBe(true);
    });
  });
});
