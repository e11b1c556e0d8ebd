import { sip2Checksum } from './checksum.js';
import { encodeText, type Sip2Encoding } from './encoding.js';

/** One variable field of an answer: its two-character id and its value. */
export type ResponseField = readonly [id: string, value: string];

/** A field only when there is a value: most fields are left out rather than sent empty. */
export function optionalField(id: string, value: string | undefined): ResponseField[] {
  return value === undefined ? [] : [[id, value]];
}

/** Command code, fixed part, then each field as `<id><value>|` (Koha and SIPServer end every field with `|`). */
export function composeResponse(command: string, fixed: string, fields: readonly ResponseField[]): string {
  let text = command + fixed;
  for (const [id, value] of fields) text += `${id}${value}|`;
  return text;
}

/** How an answer is framed: with error detection it carries `AY<sequence>` (when the request had one) and `AZ<checksum>`. */
export interface Framing {
  encoding: Sip2Encoding;
  errorDetection: { sequence: string | undefined } | undefined;
}

/**
 * The bytes on the wire: the text in the connection's encoding, the error-detection tail, and CR. Encoded
 * once, with four digits held for the checksum, which is then written over them.
 */
export function frameResponse(text: string, framing: Framing): Buffer {
  if (framing.errorDetection === undefined) return encodeText(`${text}\r`, framing.encoding);
  const { sequence } = framing.errorDetection;
  const framed = encodeText(
    `${text}${sequence === undefined ? '' : `AY${sequence}`}AZ0000\r`,
    framing.encoding,
  );
  const checksumAt = framed.length - 5;
  framed.write(sip2Checksum(framed.subarray(0, checksumAt)), checksumAt, 'latin1');
  return framed;
}
