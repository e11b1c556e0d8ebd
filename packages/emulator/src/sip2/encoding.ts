/** The character encodings SIP2 servers use on the wire. */
export type Sip2Encoding = 'utf-8' | 'windows-1252';

// Windows-1252 differs from Latin-1 only in 0x80-0x9F, where it has printable characters (€, Œ, “…);
// five of those bytes are unassigned (kept as the C1 controls, as browsers do). Node's TextDecoder reads
// `windows-1252` as Latin-1, and Buffer has no such encoding, hence the table.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const TO_WINDOWS_1252 = new Map<string, number>(
  [...WINDOWS_1252_HIGH].map((char, index) => [char, 0x80 + index]),
);

/** Text to bytes; a character the code page lacks becomes `?`, as a server with that code page sends it. */
export function encodeText(text: string, encoding: Sip2Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    const mapped = TO_WINDOWS_1252.get(char);
    if (mapped !== undefined) bytes.push(mapped);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}

/** Bytes to text; malformed UTF-8 becomes U+FFFD rather than an exception. */
export function decodeBytes(bytes: Uint8Array, encoding: Sip2Encoding): string {
  if (encoding === 'utf-8')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte);
  }
  return text;
}
