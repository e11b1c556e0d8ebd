import { describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { parseSip2Message } from './parse-sip2-message.js';
import { hasValidChecksum, sip2Checksum } from './sip2-checksum.js';
import { utcCalendarDate } from './sip2-date.js';
import { SIP2_DIALECTS } from './sip2-dialect.js';
import { sip2Codec } from './sip2-encoding.js';
import { fieldOf } from './sip2-message.js';
import { mapSip2Patron, sip2CalendarDate } from './sip2-patron-profile.js';
import { loginRequest, patronInformationRequest, scStatusRequest } from './sip2-requests.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('SIP2 checksum', () => {
  it('matches the published vectors byte for byte', () => {
    // Evergreen SIPServer t/0001_checksum.t and ThePalaceProject/circulation test_client.py.
    expect(sip2Checksum(bytes('941AY0AZ'))).toBe('FDFD');
    expect(sip2Checksum(bytes('9300CNuser_id|COpassword|AY0AZ'))).toBe('F556');
    expect(sip2Checksum(bytes('9300CNuser_id|COpassword|AZ'))).toBe('F620');
    expect(sip2Checksum(bytes('some data|AY7AZ'))).toBe('FAAA');
  });

  it('keeps 16 bits of a long message (never a fifth digit)', () => {
    const checksum = sip2Checksum(bytes('z'.repeat(700)));
    expect(checksum).toMatch(/^[0-9A-F]{4}$/);
    expect(hasValidChecksum(bytes(`${'z'.repeat(700)}${checksum}`))).toBe(true);
  });

  it('sums bytes after encoding, so é counts differently in UTF-8 and Windows-1252', () => {
    const utf8 = sip2Codec('utf-8').encode('AEé|AZ') as Buffer;
    const cp1252 = sip2Codec('windows-1252').encode('AEé|AZ') as Buffer;
    expect(utf8.length).toBe(7);
    expect(cp1252.length).toBe(6);
    expect(sip2Checksum(utf8)).not.toBe(sip2Checksum(cp1252));
    expect(hasValidChecksum(Buffer.concat([cp1252, bytes(sip2Checksum(cp1252))]))).toBe(true);
    expect(hasValidChecksum(Buffer.concat([cp1252, bytes('0000')]))).toBe(false);
  });
});

describe('SIP2 encodings', () => {
  it('round-trips Windows-1252, including the 0x80-0x9F range', () => {
    const codec = sip2Codec('windows-1252');
    const text = 'Café €5 “quoted” Œuvre';
    const encoded = codec.encode(text) as Buffer;
    expect(encoded[encoded.indexOf(0x80)]).toBe(0x80);
    expect(codec.decode(encoded)).toBe(text);
  });

  it('says when a character cannot be carried', () => {
    expect(sip2Codec('windows-1252').encode('PIN☃')).toBeUndefined();
    expect(sip2Codec('utf-8').encode('PIN☃')).toEqual(Buffer.from('PIN☃', 'utf8'));
    expect(sip2Codec('utf-8').encode('lone \ud800 surrogate')).toBeUndefined();
  });

  it('says whether it carries a text exactly when encode() gives bytes for it', () => {
    const texts = ['PIN☃', 'Café €5 “quoted”', 'lone \ud800 surrogate', 'pair 🙂', '\u0081\u0090', 'ÿĀ', ''];
    for (const codec of [sip2Codec('utf-8'), sip2Codec('windows-1252')])
      for (const text of texts) expect(codec.carries(text)).toBe(codec.encode(text) !== undefined);
  });
});

describe('SIP2 requests', () => {
  it('builds the login, SC status and patron information bodies', () => {
    expect(loginRequest({ loginUserId: 'user_id', loginPassword: 'password' })).toBe(
      '9300CNuser_id|COpassword|',
    );
    expect(loginRequest({ loginUserId: 'u', loginPassword: 'p', locationCode: 'loc' })).toBe(
      '9300CNu|COp|CPloc|',
    );
    expect(scStatusRequest()).toBe('9909992.00');
    const request = patronInformationRequest({
      date: '20260101    120000',
      institution: '',
      barcode: '1234',
      terminalPassword: '',
      pin: '5678',
    });
    // The institution field starts at offset 33, after the 31 characters of the fixed part.
    expect(request.indexOf('AO|')).toBe(33);
    expect(request.endsWith('AO|AA1234|AC|AD5678|')).toBe(true);
  });
});

// Answers shaped like the fixtures of ThePalaceProject/circulation tests/…/sip2/test_client.py and
// test_provider.py (our own values).
const DATE = '20261207    101010';
const COUNTS = '0000'.repeat(6);

describe('SIP2 answers', () => {
  it('reads an unknown card (BL N)', () => {
    const { message } = parseSip2Message(
      `64YYYY          000${DATE}${COUNTS}AOMAIN|AA99999|AE|BLN|AFYour library card number cannot be located.|AY1AZE000`,
      'sip2',
    );
    expect(fieldOf(message, 'BL')).toBe('N');
    expect(fieldOf(message, 'AE')).toBe('');
  });

  it('keeps repeated fields in order (AF twice, AS several times)', () => {
    const { message } = parseSip2Message(
      `64              000${DATE}${COUNTS}AOMAIN|AA1|AEA Patron|BLY|CQN|AFInvalid PIN|AFPlease try again|ASbook 1|ASbook 2|ASbook 3|`,
      'sip2',
    );
    expect(message.fields.get('AF')).toEqual(['Invalid PIN', 'Please try again']);
    expect(message.fields.get('AS')).toEqual(['book 1', 'book 2', 'book 3']);
  });

  it('keeps unknown fields and a | inside a value', () => {
    const { message } = parseSip2Message(
      `64              000${DATE}${COUNTS}AOMAIN|AA1|AEA Patron|BLY|CQY|BEa|b@example.org|ZZmystery|XI86371|PA20271231|PCAdult|PIY|`,
      'sip2',
    );
    expect(fieldOf(message, 'BE')).toBe('a|b@example.org');
    expect(fieldOf(message, 'ZZ')).toBe('mystery');
    expect(fieldOf(message, 'XI')).toBe('86371');
  });

  it('reads the trailer: sequence number and checksum', () => {
    const { trailer } = parseSip2Message('941AY3AZFDFA', 'sip2');
    expect(trailer).toEqual({ sequence: 3, checksummed: true });
    expect(parseSip2Message('941', 'sip2').trailer).toEqual({ sequence: undefined, checksummed: false });
  });

  it('refuses garbage, short and unknown messages as malformed_response', () => {
    for (const text of ['', 'hello', '64YYYY', `99${'x'.repeat(40)}`, `64${' '.repeat(59)}ab cd|`]) {
      const error = (() => {
        try {
          parseSip2Message(text, 'sip2');
        } catch (caught) {
          return caught;
        }
      })();
      expect(isIlsAuthError(error) && error.code, text).toBe('malformed_response');
    }
  });

  it('maps an Evergreen-style 64 onto the profile', () => {
    const { message } = parseSip2Message(
      `64  Y           000${DATE}${COUNTS}AOMAIN|AA21000|AEDoe, Jane|BLY|CQY|BHUSD|BV3.50|CC10.00|BEjane@example.org|BF555-0100|AQBRANCH1|XI86371|PA20271231|PB19800115|PCAdult|`,
      'sip2',
    );
    const profile = mapSip2Patron(message, SIP2_DIALECTS.evergreen, { provider: 'sip2', barcode: '21000' });
    expect(profile).toMatchObject({
      provider: 'sip2',
      id: '86371',
      barcode: '21000',
      name: 'Doe, Jane',
      email: 'jane@example.org',
      phone: '555-0100',
      homeLibrary: 'BRANCH1',
      expiresAt: '2027-12-31',
      birthdate: '1980-01-15',
      patronType: 'Adult',
      blocks: [{ reason: 'recall_privileges_denied' }],
      fines: { amount: 3.5, currency: 'USD', limit: 10 },
    });
  });

  it('reads Polaris’s PX expiry and BC birth date, not its PA', () => {
    const { message } = parseSip2Message(
      `64              000${DATE}${COUNTS}AOMAIN|AA21000|AEPat|BLY|CQY|PAsomething else|PX20300101    235959|BC19991231|PYN|`,
      'sip2',
    );
    const profile = mapSip2Patron(message, SIP2_DIALECTS.polaris, { provider: 'sip2', barcode: '21000' });
    expect(profile.expiresAt).toBe('2030-01-01');
    expect(profile.birthdate).toBe('1999-12-31');
  });

  it('reads dates in each shape servers send, and nothing else', () => {
    expect(sip2CalendarDate('20271231')).toBe('2027-12-31');
    expect(sip2CalendarDate('20271231    120000')).toBe('2027-12-31');
    expect(sip2CalendarDate('2027-12-31')).toBe('2027-12-31');
    expect(sip2CalendarDate('20270231')).toBeUndefined();
    expect(sip2CalendarDate('soon')).toBeUndefined();
  });

  it("gives today's UTC date at each side of midnight, in either direction of the clock", () => {
    const midnight = Date.parse('2026-12-08T00:00:00.000Z');
    expect(utcCalendarDate(midnight - 1)).toBe('2026-12-07');
    expect(utcCalendarDate(midnight)).toBe('2026-12-08');
    expect(utcCalendarDate(midnight - 1)).toBe('2026-12-07');
    expect(utcCalendarDate(Date.parse('1969-12-31T23:59:59.999Z'))).toBe('1969-12-31');
  });
});
