import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATE,
  FIXED_24,
  FIXED_64,
  fields,
  patronInformation,
  patronStatus,
} from '../testing/sip2-session.js';
import { Sip2Wire, withChecksum } from '../testing/sip2-wire.js';
import { type Sip2Emulator, startSip2Emulator } from './emulator.js';
import type { Sip2EmulatorOptions } from './options.js';

const field = (answer: string, fixedLength: number, id: string) => fields(answer, fixedLength).get(id)?.[0];
const all = (answer: string, fixedLength: number, id: string) => fields(answer, fixedLength).get(id) ?? [];

const SIP_DATE = /^\d{8}[ 0]{4}\d{6}$/;

/** Runs `test` against an emulator of its own with these options, closed afterwards whatever happens. */
async function withEmulator(
  options: Sip2EmulatorOptions,
  test: (emulator: Sip2Emulator) => Promise<void>,
): Promise<void> {
  const emulator = await startSip2Emulator(options);
  try {
    await test(emulator);
  } finally {
    await emulator.close();
  }
}

let sip: Sip2Emulator;
beforeAll(async () => {
  sip = await startSip2Emulator();
});
afterAll(() => sip.close());

async function loggedIn(emulator: Sip2Emulator = sip): Promise<Sip2Wire> {
  const wire = await Sip2Wire.open(emulator.port);
  const { loginUserId, loginPassword, locationCode } = emulator.credentials;
  expect(await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|CP${locationCode}|`)).toBe('941');
  return wire;
}

describe('login (93/94)', () => {
  it('accepts the SIP account and counts the login', async () => {
    const before = sip.controls.stats().logins;
    const wire = await loggedIn();
    wire.close();
    expect(sip.controls.stats().logins).toBe(before + 1);
  });

  it('answers 940 to a wrong password and then closes, as Koha does before a login', async () => {
    const wire = await Sip2Wire.open(sip.port);
    expect(await wire.exchange(`9300CN${sip.credentials.loginUserId}|COwrong|`)).toBe('940');
    await wire.closed;
  });

  it('refuses an encrypted-password algorithm it does not know', async () => {
    const { loginUserId, loginPassword } = sip.credentials;
    const wire = await Sip2Wire.open(sip.port);
    expect(await wire.exchange(`9311CN${loginUserId}|CO${loginPassword}|`)).toBe('940');
    await wire.closed;
  });

  it('closes a connection whose first message is not a 93 (Koha raw transport)', async () => {
    const wire = await Sip2Wire.open(sip.port);
    wire.send('9909992.00');
    await expect(wire.read()).rejects.toThrow('closed by the server');
  });

  it('closes on a non-93 first message even when its checksum is wrong (the login rule comes first)', async () => {
    const wire = await Sip2Wire.open(sip.port);
    const bad = withChecksum('9909992.00', 1);
    bad[bad.length - 1] = bad[bad.length - 1] === 0x30 ? 0x31 : 0x30;
    wire.send(bad);
    await expect(wire.read()).rejects.toThrow('closed by the server');
  });

  it('serves without a login when requireLogin is false, and a bad login then leaves the connection open', async () => {
    await withEmulator({ requireLogin: false }, async (open) => {
      const wire = await Sip2Wire.open(open.port);
      expect(await wire.exchange('9909992.00')).toMatch(/^98/);
      expect(await wire.exchange('9300CNnobody|COnothing|')).toBe('940');
      expect(await wire.exchange(patronStatus(open.patrons.valid.barcode, open.patrons.valid.pin))).toMatch(
        /^24/,
      );
      wire.close();
    });
  });
});

describe('SC status (99/98)', () => {
  it('answers online, its date, protocol 2.00, institution, library name and supported messages', async () => {
    const wire = await loggedIn();
    const answer = await wire.exchange('9909992.00');
    wire.close();
    expect(answer.slice(0, 8)).toBe('98YNNNNN');
    expect(answer.slice(8, 14)).toBe('010003');
    expect(answer.slice(14, 32)).toMatch(SIP_DATE);
    expect(answer.slice(32, 36)).toBe('2.00');
    expect(field(answer, 34, 'AO')).toBe('CPL');
    expect(field(answer, 34, 'BX')).toBe('YNNNYYYYYNNNNNNN');
    expect(field(answer, 34, 'AM')).toBeTruthy();
  });
});

describe('patron information (63/64) for every patron state', () => {
  let wire: Sip2Wire;
  beforeAll(async () => {
    wire = await loggedIn();
  });
  afterAll(() => wire.close());
  const ask = (barcode: string, pin?: string, summary?: string) =>
    wire.exchange(patronInformation(barcode, pin, summary));

  it('a valid patron: BLY CQY, no flag set, name, e-mail, phone, address with a | inside', async () => {
    const { barcode, pin, name, email } = sip.patrons.valid;
    const answer = await ask(barcode, pin);
    expect(answer.slice(0, 2)).toBe('64');
    expect(answer.slice(2, 16)).toBe(' '.repeat(14));
    expect(answer.slice(16, 19)).toBe('001');
    expect(answer.slice(19, 37)).toMatch(SIP_DATE);
    expect(answer.slice(37, 61)).toBe('000200000000000000000000');
    expect(field(answer, FIXED_64, 'AA')).toBe(barcode);
    expect(field(answer, FIXED_64, 'AE')).toBe(name);
    expect(field(answer, FIXED_64, 'BL')).toBe('Y');
    expect(field(answer, FIXED_64, 'CQ')).toBe('Y');
    expect(field(answer, FIXED_64, 'BE')).toBe(email);
    expect(field(answer, FIXED_64, 'BD')).toBe('1 Library Way | Flat 2, Springfield');
    expect(field(answer, FIXED_64, 'BV')).toBe('0.00');
    expect(all(answer, FIXED_64, 'AS')).toEqual([]);
  });

  it('lists hold items as repeated AS fields when the summary asks', async () => {
    const answer = await ask(sip.patrons.valid.barcode, sip.patrons.valid.pin, 'Y         ');
    expect(all(answer, FIXED_64, 'AS')).toEqual(sip.patrons.valid.holdItems);
  });

  it('any patron with a wrong PIN: BLY CQN', async () => {
    for (const patron of Object.values(sip.patrons)) {
      const answer = await ask(patron.barcode, `${patron.pin}0`);
      expect(field(answer, FIXED_64, 'BL')).toBe('Y');
      expect(field(answer, FIXED_64, 'CQ')).toBe('N');
    }
  });

  it('an unknown card: all privileges denied, BLN, the barcode echoed, an empty name', async () => {
    const answer = await ask(sip.unknownBarcode, '1234');
    expect(answer.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
    expect(field(answer, FIXED_64, 'BL')).toBe('N');
    expect(field(answer, FIXED_64, 'CQ')).toBe('N');
    expect(field(answer, FIXED_64, 'AA')).toBe(sip.unknownBarcode);
    expect(field(answer, FIXED_64, 'AE')).toBe('');
  });

  it('a blocked patron: charge privileges denied (position 1), PIN valid', async () => {
    const { barcode, pin } = sip.patrons.blocked;
    const answer = await ask(barcode, pin);
    expect(answer.slice(2, 16)).toBe(`Y${' '.repeat(13)}`);
    expect(field(answer, FIXED_64, 'CQ')).toBe('Y');
    expect(field(answer, FIXED_64, 'AF')).toBe('Patron blocked');
  });

  it('a card reported lost: position 5', async () => {
    const answer = await ask(sip.patrons.lost.barcode, sip.patrons.lost.pin);
    expect(answer.slice(2, 16)).toBe(`    Y${' '.repeat(9)}`);
  });

  it('an expired card: every privilege denied', async () => {
    const answer = await ask(sip.patrons.expired.barcode, sip.patrons.expired.pin);
    expect(answer.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
    expect(field(answer, FIXED_64, 'CQ')).toBe('Y');
  });

  it('fines over the limit: excessive fines (position 11), BV over CC, a fine count', async () => {
    const answer = await ask(sip.patrons.fines.barcode, sip.patrons.fines.pin);
    expect(answer.slice(2, 16)).toBe(`${' '.repeat(10)}Y${' '.repeat(3)}`);
    expect(answer.slice(49, 53)).toBe('0001');
    expect(field(answer, FIXED_64, 'BV')).toBe('12.50');
    expect(field(answer, FIXED_64, 'CC')).toBe('5.00');
    expect(field(answer, FIXED_64, 'BH')).toBe('USD');
  });

  it('a name beyond ASCII, in UTF-8 by default', async () => {
    const answer = await ask(sip.patrons.unicode.barcode, sip.patrons.unicode.pin);
    expect(field(answer, FIXED_64, 'AE')).toBe('Zoë Œuvray-Müller');
  });

  it('a patron without a PIN: an empty AD matches, a PIN does not, no AD confirms nothing', async () => {
    const { barcode } = sip.patrons.noPin;
    expect(field(await ask(barcode, ''), FIXED_64, 'CQ')).toBe('Y');
    expect(field(await ask(barcode, '0000'), FIXED_64, 'CQ')).toBe('N');
    expect(field(await ask(barcode), FIXED_64, 'CQ')).toBe('N');
  });
});

describe('patron status (23/24)', () => {
  it('judges the PIN the same way, with a shorter answer', async () => {
    const wire = await loggedIn();
    const valid = await wire.exchange(patronStatus(sip.patrons.valid.barcode, sip.patrons.valid.pin));
    expect(valid.slice(0, 2)).toBe('24');
    expect(field(valid, FIXED_24, 'BL')).toBe('Y');
    expect(field(valid, FIXED_24, 'CQ')).toBe('Y');
    expect(field(valid, FIXED_24, 'AE')).toBe(sip.patrons.valid.name);
    const wrong = await wire.exchange(patronStatus(sip.patrons.valid.barcode, 'nope'));
    expect(field(wrong, FIXED_24, 'CQ')).toBe('N');
    const unknown = await wire.exchange(patronStatus(sip.unknownBarcode, '1'));
    expect(field(unknown, FIXED_24, 'BL')).toBe('N');
    expect(unknown.slice(2, 16)).toBe(`YYYY${' '.repeat(10)}`);
    wire.close();
  });
});

describe('end patron session (35/36)', () => {
  it('answers Y with the date, the institution and the barcode, and keeps the connection', async () => {
    const wire = await loggedIn();
    const answer = await wire.exchange(`35${DATE}AOCPL|AA${sip.patrons.valid.barcode}|AC|`);
    expect(answer.slice(0, 3)).toBe('36Y');
    expect(answer.slice(3, 21)).toMatch(SIP_DATE);
    expect(field(answer, 19, 'AA')).toBe(sip.patrons.valid.barcode);
    expect(await wire.exchange('9909992.00')).toMatch(/^98/);
    wire.close();
  });
});

describe('error detection (AY/AZ, 96, 97)', () => {
  it('answers with the request sequence number and a checksum the receiver verifies', async () => {
    const wire = await Sip2Wire.open(sip.port);
    const { loginUserId, loginPassword } = sip.credentials;
    wire.send(withChecksum(`9300CN${loginUserId}|CO${loginPassword}|`, 7));
    const answer = await wire.read();
    expect(answer.subarray(0, 8).toString()).toBe('941AY7AZ');
    const sum = answer.subarray(0, answer.length - 4).reduce((total, byte) => total + byte, 0);
    expect((sum + Number.parseInt(answer.subarray(-4).toString(), 16)) & 0xffff).toBe(0);
    wire.close();
  });

  it('answers the vector: 941AY0AZFDFD', async () => {
    const wire = await Sip2Wire.open(sip.port);
    const { loginUserId, loginPassword } = sip.credentials;
    wire.send(withChecksum(`9300CN${loginUserId}|CO${loginPassword}|`, 0));
    expect(await wire.text()).toBe('941AY0AZFDFD');
    wire.close();
  });

  it('asks for a resend (96AZFEF6) on a bad checksum and takes the corrected message', async () => {
    const wire = await Sip2Wire.open(sip.port);
    const { loginUserId, loginPassword } = sip.credentials;
    const good = withChecksum(`9300CN${loginUserId}|CO${loginPassword}|`, 1);
    const bad = Buffer.from(good);
    bad[bad.length - 1] = bad[bad.length - 1] === 0x30 ? 0x31 : 0x30;
    expect(await wire.exchange(bad)).toBe('96AZFEF6');
    // The resent form carries no AY (Palace), and still gets a checksum.
    expect(await wire.exchange(withChecksum(`9300CN${loginUserId}|CO${loginPassword}|`, null))).toBe(
      '941AZFEC7',
    );
    wire.close();
  });

  it('resends its last answer on 97, without the sequence number and with a new checksum', async () => {
    const wire = await loggedIn();
    wire.send(withChecksum('9909992.00', 3));
    const first = await wire.text();
    expect(first).toMatch(/AY3AZ[0-9A-F]{4}$/);
    wire.send('97AZFEF5');
    const again = await wire.text();
    expect(again).toMatch(/\|AZ[0-9A-F]{4}$/);
    expect(again.replace(/AZ[0-9A-F]{4}$/, '')).toBe(first.replace(/AY3AZ[0-9A-F]{4}$/, ''));
    wire.close();
  });

  it('answers 96 to a 97 before anything was answered, and to a message it does not know', async () => {
    await withEmulator({ requireLogin: false }, async (open) => {
      const wire = await Sip2Wire.open(open.port);
      expect(await wire.exchange('97')).toBe('96');
      expect(await wire.exchange('01NYYYYYY')).toBe('96');
      expect(await wire.exchange('63short')).toBe('96');
      wire.close();
    });
  });

  it('with checksums required, answers 96 to a message without them', async () => {
    await withEmulator({ checksums: 'required' }, async (strict) => {
      const wire = await Sip2Wire.open(strict.port);
      const { loginUserId, loginPassword } = strict.credentials;
      expect(await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|`)).toBe('96AZFEF6');
      wire.send(withChecksum(`9300CN${loginUserId}|CO${loginPassword}|`, 2));
      expect(await wire.text()).toMatch(/^941AY2AZ[0-9A-F]{4}$/);
      wire.close();
    });
  });

  it('with checksums none, never checks nor sends them (a bad checksum passes)', async () => {
    await withEmulator({ checksums: 'none' }, async (lax) => {
      const wire = await Sip2Wire.open(lax.port);
      const { loginUserId, loginPassword } = lax.credentials;
      expect(await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|AY4AZ0000`)).toBe('941');
      wire.close();
    });
  });
});

describe('framing', () => {
  it('takes CR LF and bare LF as terminators', async () => {
    const wire = await Sip2Wire.open(sip.port);
    const { loginUserId, loginPassword } = sip.credentials;
    wire.send(`9300CN${loginUserId}|CO${loginPassword}|`, '\r\n');
    expect(await wire.text()).toBe('941');
    wire.send('9909992.00', '\n');
    expect(await wire.text()).toMatch(/^98/);
    wire.close();
  });

  it('answers messages sent back to back in one write, in order', async () => {
    const wire = await loggedIn();
    const { valid, blocked } = sip.patrons;
    wire.socket.write(
      `${patronStatus(valid.barcode, valid.pin)}\r${patronStatus(blocked.barcode, blocked.pin)}\r`,
    );
    expect(await wire.text()).toContain(`AA${valid.barcode}|`);
    expect(await wire.text()).toContain(`AA${blocked.barcode}|`);
    wire.close();
  });

  it('drops a peer that sends 64 KiB without a terminator', async () => {
    const wire = await loggedIn();
    wire.socket.write(Buffer.alloc(70 * 1024, 'a'));
    await wire.closed;
  });
});

describe('hostile input', () => {
  it('answers barcodes that are huge, not UTF-8, full of separators or control bytes, and keeps serving', async () => {
    const wire = await loggedIn();
    const hostile = [
      'x'.repeat(60_000),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]).toString('latin1'),
      '|AA|AD|AZ|AY',
      '\u0000\u0001\u001b[2J',
    ];
    for (const barcode of hostile) {
      const answer = await wire.exchange(Buffer.from(patronStatus(barcode, '1'), 'latin1'));
      expect(answer.startsWith('24')).toBe(true);
      expect(answer).toContain('|BLN|');
    }
    expect(await wire.exchange(patronStatus(sip.patrons.valid.barcode, sip.patrons.valid.pin))).toContain(
      '|CQY|',
    );
    wire.close();
  });
});

describe('the request log and stats', () => {
  it('record command codes and counts, never a PIN or a password', async () => {
    const own = await startSip2Emulator();
    try {
      const wire = await Sip2Wire.open(own.port);
      const { loginUserId, loginPassword } = own.credentials;
      await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|`);
      await wire.exchange(
        `63001${DATE}          AOCPL|AA${own.patrons.valid.barcode}|AC|AD${own.patrons.valid.pin}|`,
      );
      await wire.exchange(`35${DATE}AOCPL|AA${own.patrons.valid.barcode}|`);
      wire.close();
      await wire.closed;
      const log = own.controls.requestLog();
      expect(log.map((entry) => entry.command)).toEqual(['93', '63', '35']);
      const serialized = JSON.stringify([log, own.controls.stats()]);
      expect(serialized).not.toContain(own.patrons.valid.pin);
      expect(serialized).not.toContain(loginPassword);
      expect(serialized).not.toContain(own.patrons.valid.barcode);
      await expect
        .poll(() => own.controls.stats())
        .toEqual({
          connectionsOpened: 1,
          connectionsOpen: 0,
          logins: 1,
          messages: { '93': 1, '63': 1, '35': 1 },
        });
    } finally {
      await own.close();
    }
  });
});

describe('many connections', () => {
  it('serves 50 connections in parallel, each signing a patron in, and close() leaves no socket open', async () => {
    const busy = await startSip2Emulator();
    const wires = await Promise.all(Array.from({ length: 50 }, () => Sip2Wire.open(busy.port)));
    const { loginUserId, loginPassword } = busy.credentials;
    const answers = await Promise.all(
      wires.map(async (wire, index) => {
        const patron = Object.values(busy.patrons)[index % 7];
        await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|`);
        return wire.exchange(`63001${DATE}          AOCPL|AA${patron?.barcode}|AC|AD${patron?.pin}|`);
      }),
    );
    expect(answers.every((answer) => answer.includes('|CQY|'))).toBe(true);
    expect(busy.controls.stats().connectionsOpen).toBe(50);
    await busy.close();
    await Promise.all(wires.map((wire) => wire.closed));
    expect(busy.controls.stats().connectionsOpen).toBe(0);
    await expect(Sip2Wire.open(busy.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('options', () => {
  it('refuses a non-loopback host, an unknown option and a wrong value, naming it', async () => {
    await expect(startSip2Emulator({ host: '0.0.0.0' })).rejects.toThrow(/host/);
    await expect(startSip2Emulator({ flavor: 'koha' } as never)).rejects.toThrow(/flavor: not an option/);
    await expect(startSip2Emulator({ flavour: 'aleph' as never })).rejects.toThrow(
      /flavour: expected one of/,
    );
    await expect(startSip2Emulator({ encoding: 'latin1' as never })).rejects.toThrow(/encoding/);
    await expect(startSip2Emulator({ checksums: 'yes' as never })).rejects.toThrow(/checksums/);
  });
});
