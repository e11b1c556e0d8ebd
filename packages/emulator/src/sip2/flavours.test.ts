import { describe, expect, it } from 'vitest';
import {
  FIXED_24,
  FIXED_64,
  fields,
  patronInformation,
  patronStatus,
  session,
} from '../testing/sip2-session.js';

describe('flavours', () => {
  it('koha: CQ in 24 always, in 64 only with AD; its unknown-card answer; "-- Invalid password"', async () => {
    await session({ flavour: 'koha' }, async (ask, sip) => {
      const { valid } = sip.patrons;
      expect(fields((await ask(patronStatus(valid.barcode))).toString(), FIXED_24).get('CQ')).toEqual(['N']);
      expect(fields((await ask(patronInformation(valid.barcode))).toString(), FIXED_64).has('CQ')).toBe(
        false,
      );
      expect(
        fields((await ask(patronInformation(valid.barcode, valid.pin))).toString(), FIXED_64).get('CQ'),
      ).toEqual(['Y']);
      const wrong = fields((await ask(patronInformation(valid.barcode, 'nope'))).toString(), FIXED_64);
      expect(wrong.get('CQ')).toEqual(['N']);
      expect(wrong.get('AF')?.[0]).toMatch(/ -- Invalid password$/);
      const unknown = (await ask(patronStatus(sip.unknownBarcode, '1'))).toString();
      expect(unknown.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(unknown, FIXED_24).get('AF')).toEqual(['Invalid cardnumber']);
      expect(fields(unknown, FIXED_24).get('AE')).toEqual(['']);
      expect(fields(unknown, FIXED_24).has('CQ')).toBe(false);
      const record = fields((await ask(patronInformation(valid.barcode, valid.pin))).toString(), FIXED_64);
      expect(record.get('PB')).toEqual(['19851210']);
      expect(record.get('CC')).toEqual([valid.feeLimit]);
      expect(record.has('BZ')).toBe(false);
    });
  });

  it('evergreen: PA expiry as YYYYMMDD, PB, PC, PI, XI; no CQ without AD; an expired card says "blocked"', async () => {
    await session({ flavour: 'evergreen' }, async (ask, sip) => {
      const valid = fields(
        (await ask(patronInformation(sip.patrons.valid.barcode, sip.patrons.valid.pin))).toString(),
        FIXED_64,
      );
      expect(valid.get('PA')).toEqual(['20991231']);
      expect(valid.get('PB')).toEqual(['19851210']);
      expect(valid.get('PC')).toEqual(['Adult']);
      expect(valid.get('PI')).toEqual(['Allowed']);
      expect(valid.get('XI')).toEqual([sip.patrons.valid.internalId]);
      expect(valid.has('CC')).toBe(false);
      const expired = (
        await ask(patronInformation(sip.patrons.expired.barcode, sip.patrons.expired.pin))
      ).toString();
      expect(expired.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(expired, FIXED_64).get('PA')).toEqual(['20200131']);
      expect(fields(expired, FIXED_64).get('AF')).toEqual(['blocked']);
      expect(
        fields((await ask(patronStatus(sip.patrons.valid.barcode))).toString(), FIXED_24).has('CQ'),
      ).toBe(false);
    });
  });

  it('polaris: PX expiry with 235959, PY expired flag, PA that is not an expiry, refusals in AF and AG', async () => {
    await session({ flavour: 'polaris' }, async (ask, sip) => {
      const expired = (
        await ask(patronInformation(sip.patrons.expired.barcode, sip.patrons.expired.pin))
      ).toString();
      const found = fields(expired, FIXED_64);
      expect(found.get('PX')).toEqual(['20200131    235959']);
      expect(found.get('PY')).toEqual(['Y']);
      expect(found.get('PA')).toEqual(['1']);
      expect(found.get('AF')).toEqual(['Patron has blocks.']);
      const wrong = (await ask(patronInformation(sip.patrons.valid.barcode, 'nope'))).toString();
      expect(wrong.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
      expect(fields(wrong, FIXED_64).get('AF')).toEqual(['Invalid patron password. Passwords do not match.']);
      const fines = (
        await ask(patronInformation(sip.patrons.fines.barcode, sip.patrons.fines.pin))
      ).toString();
      expect(fines.slice(2, 16)).toBe(`YYYY      Y   `);
      const unknown = fields((await ask(patronInformation(sip.unknownBarcode, '1'))).toString(), FIXED_64);
      expect(unknown.get('AE')).toEqual([', ']);
      expect(unknown.get('AF')).toEqual(['Patron does not exist.']);
      const ok = fields(
        (await ask(patronInformation(sip.patrons.valid.barcode, sip.patrons.valid.pin))).toString(),
        FIXED_64,
      );
      expect(ok.get('PY')).toEqual(['N']);
      expect(ok.get('AG')).toEqual(['Patron status is ok.']);
    });
  });

  it('sierra: dates with zone 0000, no expiry field, a wrong PIN flagged and explained in two AF lines', async () => {
    await session({ flavour: 'sierra' }, async (ask, sip) => {
      const wrong = (await ask(patronInformation(sip.patrons.valid.barcode, 'nope'))).toString();
      expect(wrong.slice(2, 16)).toBe('Y  YYYYYYYYYYY');
      expect(wrong.slice(19, 37)).toMatch(/^\d{8}0000\d{6}$/);
      expect(fields(wrong, FIXED_64).get('AF')).toHaveLength(2);
      const fines = fields(
        (await ask(patronInformation(sip.patrons.fines.barcode, sip.patrons.fines.pin))).toString(),
        FIXED_64,
      );
      expect(fines.get('BV')).toEqual(['12.50']);
      expect(fines.get('CC')).toEqual(['5.00']);
      expect(fines.has('PA') || fines.has('PX')).toBe(false);
    });
  });
});
