// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROBE_ORIGIN = 'http://return-to.invalid';

/**
 * The page to send a patron to after sign-in or sign-out, or `fallback` when `value` is not a path on
 * this site, percent-encoded to ASCII (`asciiLocation`) so that it can be a `Location` header anywhere. Only relative paths starting with a single "/" pass: `//evil.example` (protocol-relative),
 * `/\evil.example` (browsers read "\" as "/"), schemes, and control characters (browsers strip tabs and
 * newlines, turning `/\t/evil` into `//evil`) are refused, and the result must still resolve to our own
 * origin, so there is no open redirect.
 */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  if (CONTROL.test(value)) return fallback;
  try {
    if (new URL(value, PROBE_ORIGIN).origin !== PROBE_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return asciiLocation(value);
}

/**
 * `location` with every character outside printable ASCII percent-encoded as UTF-8 (`/café` →
 * `/caf%C3%A9`); what is already ASCII, `%XX` escapes included, is left as it is. A header value may only
 * hold Latin-1: Node's `setHeader` refuses anything else (`ERR_INVALID_CHAR`, a 500 on Fastify), and
 * Express encodes it itself. Encoding here makes every adapter send the same header.
 */
export function asciiLocation(location: string): string {
  return location.replace(/[^\x21-\x7e]+/gu, (run) =>
    [...Buffer.from(run, 'utf8')]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

/** True when `value` would be accepted by `safeReturnTo`; used to check configured paths once. */
export function isLocalPath(value: unknown): value is string {
  return safeReturnTo(value, '') !== '';
}

/** `path` with one query parameter added. */
export function withQuery(path: string, name: string, value: string): string {
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}
