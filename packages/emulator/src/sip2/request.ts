import { checksumMatches } from './checksum.js';
import { decodeBytes, type Sip2Encoding } from './encoding.js';

/** A message from the client, after its error-detection tail has been checked and taken off. */
export interface Sip2Request {
  /** Two characters, e.g. `63`. */
  command: string;
  /** The fixed-length part after the command code. */
  fixed: string;
  /** Variable fields by id, in arrival order; a repeated field keeps every value. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** Present when the message ended in `AZ<checksum>`. */
  errorDetection: { sequence: string | undefined; checksumValid: boolean } | undefined;
}

/** Length of the fixed part of each request the emulator understands (NISO SIP 2.00). */
const FIXED_LENGTHS: Readonly<Record<string, number>> = {
  '93': 2, // UID algorithm, PWD algorithm
  '99': 8, // status code, max print width (3), protocol version (4)
  '23': 21, // language (3), transaction date (18)
  '63': 31, // language (3), transaction date (18), summary (10)
  '35': 18, // transaction date
  '97': 0,
};

/**
 * Reads one message (terminator already removed); `undefined` when it is too short for its command.
 *
 * The error-detection tail is `AZ` and four hex digits at the very end, after `AY<digit>`, after a `|`, or
 * right after the command code (`97AZFEF5`): the forms clients send, including a resend without its
 * sequence number. Fields are split at a `|` only where a field id follows, so a `|` inside a value stays
 * in it.
 */
export function parseRequest(bytes: Buffer, encoding: Sip2Encoding): Sip2Request | undefined {
  const { at, sequence } = errorDetectionTail(bytes);
  let body = bytes;
  let errorDetection: Sip2Request['errorDetection'];
  // Without AY, AZ must start a field (after `|`) or follow the command code; else it is part of a value.
  if (at !== -1 && (sequence !== undefined || bytes[at - 1] === PIPE || at === 2)) {
    const end = bytes.length - 4;
    errorDetection = {
      sequence,
      checksumValid: checksumMatches(bytes.subarray(0, end), bytes.toString('latin1', end)),
    };
    body = bytes.subarray(0, at);
  }
  const text = decodeBytes(body, encoding);
  const command = text.slice(0, 2);
  const fixedLength = FIXED_LENGTHS[command] ?? 0;
  if (text.length < 2 + fixedLength) return undefined;
  const fields = new Map<string, string[]>();
  for (let from = 2 + fixedLength; from <= text.length; ) {
    const to = nextFieldStart(text, from);
    // The `|` that ends a field stays with it up to here; a `|` alone is no field.
    const end = text.charCodeAt(to - 1) === PIPE && to > from ? to - 1 : to;
    if (end > from) {
      const id = text.slice(from, Math.min(from + 2, end));
      const value = text.slice(from + 2, end);
      const values = fields.get(id);
      if (values) values.push(value);
      else fields.set(id, [value]);
    }
    from = to + 1;
  }
  return { command, fixed: text.slice(2, 2 + fixedLength), fields, errorDetection };
}

const PIPE = 0x7c;

/**
 * Where `AY<digit>AZ<4 hex>` or `AZ<4 hex>` at the end of the message starts, and the digit; `at` is -1
 * when the message does not end so.
 */
function errorDetectionTail(bytes: Buffer): { at: number; sequence: string | undefined } {
  const azAt = bytes.length - 6;
  if (azAt < 0 || bytes[azAt] !== 0x41 || bytes[azAt + 1] !== 0x5a) return { at: -1, sequence: undefined };
  for (let index = azAt + 2; index < bytes.length; index += 1)
    if (!isHexDigit(bytes[index] as number)) return { at: -1, sequence: undefined };
  const digit = bytes[azAt - 1] as number;
  if (azAt >= 3 && bytes[azAt - 3] === 0x41 && bytes[azAt - 2] === 0x59 && isDigit(digit))
    return { at: azAt - 3, sequence: String.fromCharCode(digit) };
  return { at: azAt, sequence: undefined };
}

/** Where the field that starts at `from` ends: the next `|` followed by a field id, or the end. */
function nextFieldStart(text: string, from: number): number {
  for (let index = text.indexOf('|', from); index !== -1; index = text.indexOf('|', index + 1)) {
    if (isCapital(text.charCodeAt(index + 1)) && isCapitalOrDigit(text.charCodeAt(index + 2))) return index;
  }
  return text.length;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isCapital = (code: number) => code >= 0x41 && code <= 0x5a;
const isCapitalOrDigit = (code: number) => isCapital(code) || isDigit(code);
const isHexDigit = (code: number) =>
  isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);

/** The first value of a field, or undefined when the request did not carry it. */
export function fieldValue(request: Sip2Request, id: string): string | undefined {
  return request.fields.get(id)?.[0];
}
