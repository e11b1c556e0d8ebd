import { IlsAuthError } from '../errors/ils-auth-error.js';
import { RESPONSE_FIXED_LENGTHS, type Sip2Message } from './sip2-message.js';

/**
 * A field starts after a `|` that is followed by a two-character id (two capitals, or a capital and a
 * digit: Polaris sends U1…U5). A `|` followed by anything else is part of a value: e-mail addresses and
 * names with `|` in them occur (ThePalaceProject/circulation tests `test_embedded_pipe`).
 */
const FIELD_ID = /^[A-Z][A-Z0-9]$/;

export interface ParsedTrailer {
  /** The sequence number the server echoed, when it sent one. */
  sequence: number | undefined;
  /** Whether the message carried a checksum (AZ). */
  checksummed: boolean;
}

/**
 * Reads one response (already decoded, terminator removed). Unknown and repeated fields are kept; an
 * unknown command or a fixed part too short for its command is `malformed_response`, never a crash.
 */
export function parseSip2Message(
  text: string,
  provider: string,
): { message: Sip2Message; trailer: ParsedTrailer } {
  const command = text.slice(0, 2);
  const fixedLength = RESPONSE_FIXED_LENGTHS[command];
  if (fixedLength === undefined)
    throw malformed(provider, `an unexpected message (command "${safe(command)}")`);
  const trailer = trailerOf(text);
  const body = text.slice(0, trailer.at);
  const fieldsStart = 2 + fixedLength;
  if (body.length < fieldsStart)
    throw malformed(provider, `a ${command} message shorter than its fixed part`);
  const fields = new Map<string, string[]>();
  let from = fieldsStart;
  while (from < body.length) {
    const to = nextFieldStart(body, from);
    // The `|` that ends every variable field stays with it (the split is at the next field's id); a `|`
    // alone is no field.
    const fieldEnd = body.charCodeAt(to - 1) === PIPE ? to - 1 : to;
    if (fieldEnd > from) {
      const id = body.slice(from, from + 2);
      if (!FIELD_ID.test(id)) throw malformed(provider, `a ${command} message with an unreadable field`);
      const value = body.slice(from + 2, fieldEnd);
      const values = fields.get(id);
      if (values) values.push(value);
      else fields.set(id, [value]);
    }
    from = to + 1;
  }
  return {
    message: { command, fixed: body.slice(2, fieldsStart), fields },
    trailer: { sequence: trailer.sequence, checksummed: trailer.checksummed },
  };
}

const PIPE = 0x7c;

/** Where the field that starts at `from` ends: the next `|` followed by a field id, or the end. */
function nextFieldStart(body: string, from: number): number {
  for (let index = body.indexOf('|', from); index !== -1; index = body.indexOf('|', index + 1)) {
    if (isCapital(body.charCodeAt(index + 1)) && isCapitalOrDigit(body.charCodeAt(index + 2))) return index;
  }
  return body.length;
}

/**
 * The error-detection trailer at the end of `text`: `AY<digit>AZ<4 hex>`, or `AZ<4 hex>` alone on a
 * resent message, with the `|` some servers put before it; `at` is where it starts.
 */
function trailerOf(text: string): ParsedTrailer & { at: number } {
  const end = text.length;
  const none = { sequence: undefined, checksummed: false, at: end };
  if (end < 6 || !text.startsWith('AZ', end - 6)) return none;
  for (let index = end - 4; index < end; index += 1) if (!isHexDigit(text.charCodeAt(index))) return none;
  let at = end - 6;
  let sequence: number | undefined;
  if (at >= 3 && text.startsWith('AY', at - 3) && isDigit(text.charCodeAt(at - 1))) {
    sequence = text.charCodeAt(at - 1) - 0x30;
    at -= 3;
  }
  if (at > 0 && text.charCodeAt(at - 1) === PIPE) at -= 1;
  return { sequence, checksummed: true, at };
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isCapital = (code: number) => code >= 0x41 && code <= 0x5a;
const isCapitalOrDigit = (code: number) => isCapital(code) || isDigit(code);
const isHexDigit = (code: number) =>
  isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);

function malformed(provider: string, what: string): IlsAuthError {
  return new IlsAuthError('malformed_response', `the SIP2 server sent ${what}`, { provider });
}

/** At most two printable ASCII characters of what the server sent, for a message that names it. */
function safe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
