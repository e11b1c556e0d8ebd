import { IlsAuthError } from '../errors/ils-auth-error.js';
import { RESPONSE_FIXED_LENGTHS, type Sip2Message } from './sip2-message.js';

/**
 * A field starts after a `|` that is followed by a two-character id (two capitals, or a capital and a
 * digit: Polaris sends U1…U5). A `|` followed by anything else is part of a value: e-mail addresses and
 * names with `|` in them occur (ThePalaceProject/circulation tests `test_embedded_pipe`).
 */
const FIELD_BOUNDARY = /\|(?=[A-Z][A-Z0-9])/;
const FIELD_ID = /^[A-Z][A-Z0-9]$/;
/** The error-detection trailer: `AY<digit>AZ<4 hex>`, or `AZ<4 hex>` alone on a resent message. */
const TRAILER = /\|?(?:AY(\d))?AZ([0-9A-Fa-f]{4})$/;

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
  const trailerMatch = TRAILER.exec(text);
  const body = trailerMatch ? text.slice(0, trailerMatch.index) : text;
  if (body.length < 2 + fixedLength)
    throw malformed(provider, `a ${command} message shorter than its fixed part`);
  const fields = new Map<string, string[]>();
  for (const piece of body.slice(2 + fixedLength).split(FIELD_BOUNDARY)) {
    // The last field keeps the `|` that ends every variable field; a trailing `|` alone is no field.
    const field = piece.endsWith('|') ? piece.slice(0, -1) : piece;
    if (field === '') continue;
    const id = field.slice(0, 2);
    if (!FIELD_ID.test(id)) throw malformed(provider, `a ${command} message with an unreadable field`);
    const values = fields.get(id);
    if (values) values.push(field.slice(2));
    else fields.set(id, [field.slice(2)]);
  }
  return {
    message: { command, fixed: body.slice(2, 2 + fixedLength), fields },
    trailer: {
      sequence: trailerMatch?.[1] === undefined ? undefined : Number(trailerMatch[1]),
      checksummed: trailerMatch !== null,
    },
  };
}

function malformed(provider: string, what: string): IlsAuthError {
  return new IlsAuthError('malformed_response', `the SIP2 server sent ${what}`, { provider });
}

/** At most two printable ASCII characters of what the server sent, for a message that names it. */
function safe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
