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
 * `AZ` and four hex digits at the very end, after `AY<digit>`, after a `|`, or right after the command code
 * (`97AZFEF5`): the forms clients send, including a resend without its sequence number.
 */
const ERROR_DETECTION_TAIL = /(?:AY(\d))?AZ([0-9A-Fa-f]{4})$/;

/** Splits on `|` only where a field id follows, so a `|` inside a value stays in it. */
const FIELD_SEPARATOR = /\|(?=[A-Z][A-Z0-9])/;

/** Reads one message (terminator already removed); `undefined` when it is too short for its command. */
export function parseRequest(bytes: Buffer, encoding: Sip2Encoding): Sip2Request | undefined {
  const tail = bytes.subarray(Math.max(0, bytes.length - 11)).toString('latin1');
  const match = ERROR_DETECTION_TAIL.exec(tail);
  let body = bytes;
  let errorDetection: Sip2Request['errorDetection'];
  if (match) {
    const start = bytes.length - match[0].length;
    const sequence = match[1];
    const before = tail.charAt(tail.length - match[0].length - 1);
    // Without AY, AZ must start a field (after `|`) or follow the command code; else it is part of a value.
    if (sequence !== undefined || before === '|' || start === 2) {
      errorDetection = {
        sequence,
        checksumValid: checksumMatches(bytes.subarray(0, bytes.length - 4), match[2] ?? ''),
      };
      body = bytes.subarray(0, start);
    }
  }
  const text = decodeBytes(body, encoding);
  const command = text.slice(0, 2);
  const fixedLength = FIXED_LENGTHS[command] ?? 0;
  if (text.length < 2 + fixedLength) return undefined;
  const fields = new Map<string, string[]>();
  const variable = text.slice(2 + fixedLength);
  for (const piece of variable.split(FIELD_SEPARATOR)) {
    const field = piece.endsWith('|') ? piece.slice(0, -1) : piece;
    if (field === '') continue;
    const id = field.slice(0, 2);
    const values = fields.get(id);
    if (values) values.push(field.slice(2));
    else fields.set(id, [field.slice(2)]);
  }
  return { command, fixed: text.slice(2, 2 + fixedLength), fields, errorDetection };
}

/** The first value of a field, or undefined when the request did not carry it. */
export function fieldValue(request: Sip2Request, id: string): string | undefined {
  return request.fields.get(id)?.[0];
}
