/** The character encodings SIP2 servers use on the wire (a server setting; Koha and Evergreen default to UTF-8). */
export type Sip2Encoding = 'utf-8' | 'windows-1252';

export const SIP2_ENCODINGS: readonly Sip2Encoding[] = ['utf-8', 'windows-1252'];

/** Text to bytes and back in one server encoding. */
export interface Sip2Codec {
  readonly name: Sip2Encoding;
  /** The bytes of `text`, or undefined when the encoding cannot carry one of its characters. */
  encode(text: string): Buffer | undefined;
  /** Whether the encoding can carry every character of `text` (`encode` would give bytes), without encoding it. */
  carries(text: string): boolean;
  decode(bytes: Uint8Array): string;
}

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F (WHATWG Encoding Standard, index-windows-1252);
// five of those bytes are unassigned and decode as the C1 control of the same value.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const WINDOWS_1252_BYTE = new Map(WINDOWS_1252_HIGH.map((codePoint, index) => [codePoint, 0x80 + index]));

/** The Windows-1252 byte of one UTF-16 code unit, or undefined when the code page has none. */
function windows1252Byte(codeUnit: number): number | undefined {
  return codeUnit < 0x80 || (codeUnit >= 0xa0 && codeUnit <= 0xff)
    ? codeUnit
    : WINDOWS_1252_BYTE.get(codeUnit);
}

const windows1252: Sip2Codec = {
  name: 'windows-1252',
  encode(text) {
    const bytes = Buffer.alloc(text.length);
    for (let index = 0; index < text.length; index += 1) {
      const byte = windows1252Byte(text.charCodeAt(index));
      if (byte === undefined) return undefined;
      bytes[index] = byte;
    }
    return bytes;
  },
  carries(text) {
    for (let index = 0; index < text.length; index += 1)
      if (windows1252Byte(text.charCodeAt(index)) === undefined) return false;
    return true;
  },
  decode(bytes) {
    let text = '';
    for (const byte of bytes)
      text += String.fromCharCode(
        byte >= 0x80 && byte < 0xa0 ? (WINDOWS_1252_HIGH[byte - 0x80] as number) : byte,
      );
    return text;
  },
};

// A lone surrogate has no UTF-8 form; Buffer.from would quietly write U+FFFD instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const utf8Decoder = new TextDecoder('utf-8');

const utf8: Sip2Codec = {
  name: 'utf-8',
  encode: (text) => (LONE_SURROGATE.test(text) ? undefined : Buffer.from(text, 'utf8')),
  carries: (text) => !LONE_SURROGATE.test(text),
  decode: (bytes) => utf8Decoder.decode(bytes),
};

const CODECS: Readonly<Record<Sip2Encoding, Sip2Codec>> = { 'utf-8': utf8, 'windows-1252': windows1252 };

export function sip2Codec(encoding: Sip2Encoding): Sip2Codec {
  return CODECS[encoding];
}
