import { type Sip2Emulator, startSip2Emulator } from '../sip2/emulator.js';
import type { Sip2EmulatorOptions } from '../sip2/options.js';
import { Sip2Wire } from './sip2-wire.js';

export const DATE = '20261207    101010';
/** Fixed part of a 64 after its code: status, language, date, six counts. */
export const FIXED_64 = 14 + 3 + 18 + 24;
/** Fixed part of a 24 after its code: status, language, date. */
export const FIXED_24 = 14 + 3 + 18;

/** The variable fields of an answer after `fixedLength` characters, split where a field id follows `|`. */
export function fields(answer: string, fixedLength: number): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const piece of answer.slice(2 + fixedLength).split(/\|(?=[A-Z][A-Z0-9])/)) {
    const field = piece.endsWith('|') ? piece.slice(0, -1) : piece;
    if (field === '') continue;
    found.set(field.slice(0, 2), [...(found.get(field.slice(0, 2)) ?? []), field.slice(2)]);
  }
  return found;
}

/** Logs in to a new emulator with these options and hands the test a function sending one message. */
export async function session(
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
    const login = (await ask(`9300CN${loginUserId}|CO${loginPassword}|`)).toString();
    if (login !== '941') throw new Error(`login answered ${login}, not 941`);
    await test(ask, sip);
  } finally {
    wire.close();
    await sip.close();
  }
}

/** A 63 for this barcode, with `AD` only when a PIN is given; `summary` asks for item lists (`Y` first: holds). */
export const patronInformation = (barcode: string, pin?: string, summary = ' '.repeat(10)) =>
  `63001${DATE}${summary}AOCPL|AA${barcode}|AC|${pin === undefined ? '' : `AD${pin}|`}`;
/** A 23 for this barcode, with `AD` only when a PIN is given. */
export const patronStatus = (barcode: string, pin?: string) =>
  `23001${DATE}AOCPL|AA${barcode}|AC|${pin === undefined ? '' : `AD${pin}|`}`;
