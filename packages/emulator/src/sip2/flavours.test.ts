import { describe, expect, it } from 'vitest';
import { Sip2Wire } from '../testing/sip2-wire.js';
import { type Sip2Emulator, startSip2Emulator } from './emulator.js';
import type { Sip2EmulatorOptions } from './options.js';

const DATE = '20261207    101010';
const FIXED_64 = 14 + 3 + 18 + 24;
const FIXED_24 = 14 + 3 + 18;

function fields(answer: string, fixedLength: number): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const piece of answer.slice(2 + fixedLength).split(/\|(?=[A-Z][A-Z0-9])/)) {
    const field = piece.endsWith('|') ? piece.slice(0, -1) : piece;
    if (field === '') continue;
    found.set(field.slice(0, 2), [...(found.get(field.slice(0, 2)) ?? []), field.slice(2)]);
  }
  return found;
}

/** Logs in to a new emulator with these options and hands the test a function sending one message. */
async function session(
  options: Sip2EmulatorOptions,
  test: (ask: (message: string | Buffer) => Promise<Buffer>, sip: Sip2Emulator) => Promise<void>,
): Promise<void> {
  const sip = await startSip2Emulator(options);
  const wire = await Sip2Wire.open(sip.port);
  try {
    const ask = async (message: string | Buffer) => {
      wire.send(message);
      return wire.read();
    };
    const { loginUserId, loginPassword } = sip.credentials;
    expect((await ask(`9300CN${loginUserId}|CO${loginPassword}|`)).toString()).toBe('941');
    await test(ask, sip);
  } finally {
    wire.close();
    await sip.close();
  }
}

const info = (barcode: string, pin?: string) =>
  `63001${DATE}          AOCPL|AA${barcode}|AC|${pin === undefined ? '' : `AD${pin}|`}`;
const status = (barcode: string, pin?: string) =>
  `23001${DATE}AOCPL|AA${barcode}|AC|${pin === undefined ? '' : `AD${pin}|`}`;

describe('flavours', () => {
  it('koha: CQ in 24 always, in 64 only with AD; its unknown-card answer; "-- Invalid password"', async () => {
    await session({ flavour: 'koha' }, async (ask, sip) => {
      const { valid } = sip.patrons;
      expect(fields((await ask(status(valid.barcode))).toString(), FIXED_24).get('CQ')).toEqual(['N']);
      expect(fields((await ask(info(valid.barcode))).toString(), FIXED_64).has('CQ')).toBe(false);
      expect(fields((await ask(info(valid.barcode, valid.pin))).toString(), FIXED_64).get('CQ')).toEqual([
        'Y',
      ]);
      const wrong = fields((await ask(info(valid.barcode, 'nope'))).toString(), FIXED_64);
      expect(wrong.get('CQ')).toEqual(['N']);
      expect(wrong.get('AF')?.[0]).toMatch(/ -- Invalid password$/);
      const unknown = (await ask(status(sip.unknownBarcode, '1'))).toString();
      expect(unknown.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(unknown, FIXED_24).get('AF')).toEqual(['Invalid cardnumber']);
      expect(fields(unknown, FIXED_24).get('AE')).toEqual(['']);
      expect(fields(unknown, FIXED_24).has('CQ')).toBe(false);
      const record = fields((await ask(info(valid.barcode, valid.pin))).toString(), FIXED_64);
      expect(record.get('PB')).toEqual(['19851210']);
      expect(record.get('CC')).toEqual([valid.feeLimit]);
      expect(record.has('BZ')).toBe(false);
    });
  });

  it('evergreen: PA expiry as YYYYMMDD, PB, PC, PI, XI; no CQ without AD; an expired card says "blocked"', async () => {
    await session({ flavour: 'evergreen' }, async (ask, sip) => {
      const valid = fields(
        (await ask(info(sip.patrons.valid.barcode, sip.patrons.valid.pin))).toString(),
        FIXED_64,
      );
      expect(valid.get('PA')).toEqual(['20991231']);
      expect(valid.get('PB')).toEqual(['19851210']);
      expect(valid.get('PC')).toEqual(['Adult']);
      expect(valid.get('PI')).toEqual(['Allowed']);
      expect(valid.get('XI')).toEqual([sip.patrons.valid.internalId]);
      expect(valid.has('CC')).toBe(false);
      const expired = (await ask(info(sip.patrons.expired.barcode, sip.patrons.expired.pin))).toString();
      expect(expired.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(expired, FIXED_64).get('PA')).toEqual(['20200131']);
      expect(fields(expired, FIXED_64).get('AF')).toEqual(['blocked']);
      expect(fields((await ask(status(sip.patrons.valid.barcode))).toString(), FIXED_24).has('CQ')).toBe(
        false,
      );
    });
  });

  it('polaris: PX expiry with 235959, PY expired flag, PA that is not an expiry, refusals in AF and AG', async () => {
    await session({ flavour: 'polaris' }, async (ask, sip) => {
      const expired = (await ask(info(sip.patrons.expired.barcode, sip.patrons.expired.pin))).toString();
      const found = fields(expired, FIXED_64);
      expect(found.get('PX')).toEqual(['20200131    235959']);
      expect(found.get('PY')).toEqual(['Y']);
      expect(found.get('PA')).toEqual(['1']);
      expect(found.get('AF')).toEqual(['Patron has blocks.']);
      const wrong = (await ask(info(sip.patrons.valid.barcode, 'nope'))).toString();
      expect(wrong.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(wrong, FIXED_64).get('AF')).toEqual(['Invalid patron password. Passwords do not match.']);
      const fines = (await ask(info(sip.patrons.fines.barcode, sip.patrons.fines.pin))).toString();
      expect(fines.slice(2, 16)).toBe(`YYYY      Y   `);
      const unknown = fields((await ask(info(sip.unknownBarcode, '1'))).toString(), FIXED_64);
      expect(unknown.get('AE')).toEqual([', ']);
      expect(unknown.get('AF')).toEqual(['Patron does not exist.']);
      const ok = fields(
        (await ask(info(sip.patrons.valid.barcode, sip.patrons.valid.pin))).toString(),
        FIXED_64,
      );
      expect(ok.get('PY')).toEqual(['N']);
      expect(ok.get('AG')).toEqual(['Patron status is ok.']);
    });
  });

  it('sierra: dates with zone 0000, no expiry field, a wrong PIN flagged and explained in two AF lines', async () => {
    await session({ flavour: 'sierra' }, async (ask, sip) => {
      const wrong = (await ask(info(sip.patrons.valid.barcode, 'nope'))).toString();
      expect(wrong.slice(2, 16)).toBe('Y  YYYYYYYYYYY');
      expect(wrong.slice(19, 37)).toMatch(/^\d{8}0000\d{6}$/);
      expect(fields(wrong, FIXED_64).get('AF')).toHaveLength(2);
      const fines = fields(
        (await ask(info(sip.patrons.fines.barcode, sip.patrons.fines.pin))).toString(),
        FIXED_64,
      );
      expect(fines.get('BV')).toEqual(['12.50']);
      expect(fines.get('CC')).toEqual(['5.00']);
      expect(fines.has('PA') || fines.has('PX')).toBe(false);
    });
  });
});

describe('encodings', () => {
  it('windows-1252: a name in one byte per character (Œ is 0x8C), the checksum over those bytes', async () => {
    await session({ encoding: 'windows-1252' }, async (ask, sip) => {
      const { barcode, pin } = sip.patrons.unicode;
      const answer = await ask(info(barcode, pin));
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

  it('utf-8: the same name in UTF-8', async () => {
    await session({}, async (ask, sip) => {
      const answer = await ask(info(sip.patrons.unicode.barcode, sip.patrons.unicode.pin));
      expect(answer.includes(Buffer.from('Zoë Œuvray-Müller', 'utf8'))).toBe(true);
    });
  });
});
