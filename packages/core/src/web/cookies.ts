import { IlsAuthError } from '../errors/ils-auth-error.js';

/** Longer Cookie headers are not ours to parse: browsers cap a cookie at 4 KiB and a header near 8 KiB. */
const MAX_HEADER_LENGTH = 16 * 1024;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265 cookie-octet: no control characters, whitespace, quote, comma, semicolon or backslash.
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const COOKIE_PATH = /^\/[\x20-\x3a\x3c-\x7e]*$/;

/** A cookie to set (or, with `maxAgeSeconds: 0`, to clear), as data: each shim writes it its own way. */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly httpOnly: true;
  readonly sameSite: 'Lax';
  readonly secure: boolean;
  /** Absent: a browser-session cookie whose life the server decides. 0: delete it now. */
  readonly maxAgeSeconds?: number;
}

/**
 * Reads one cookie from a `Cookie` request header. Tolerates what real headers contain: stray spaces,
 * empty pairs, values in quotes, bad percent-encoding, and the same name twice (browsers send the cookie
 * with the most specific path first, so the first usable one wins).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return undefined;
  // Walks the header in place: every guarded request reads its cookie, and splitting the header into
  // pairs and trimming each made strings of every other cookie the browser sends.
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const equals = header.indexOf('=', start);
    if (equals !== -1 && equals < end && isName(header, start, equals, name)) {
      let value = header.slice(equals + 1, end).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      const decoded = decode(value);
      if (decoded) return decoded;
    }
    start = end + 1;
  }
  return undefined;
}

/** Whether `header[from, to)`, without the whitespace `trim()` drops around it, is `name`. */
function isName(header: string, from: number, to: number, name: string): boolean {
  let first = from;
  let last = to;
  while (first < last && isTrimmed(header.charCodeAt(first))) first++;
  while (last > first && isTrimmed(header.charCodeAt(last - 1))) last--;
  return last - first === name.length && header.startsWith(name, first);
}

/** The characters `String.prototype.trim` removes: WhiteSpace and LineTerminator. */
function isTrimmed(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function decode(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The cookie's name on the wire. With `Secure`, a cookie for the whole site takes the `__Host-` prefix
 * (browsers then refuse it unless it is Secure, host-only and `Path=/`, so a sibling subdomain or a plain
 * http page cannot plant or shadow it) and a path-limited one takes `__Secure-`.
 */
export function cookieNameFor(base: string, secure: boolean, path: string): string {
  if (!secure) return base;
  return path === '/' ? `__Host-${base}` : `__Secure-${base}`;
}

/** The `Set-Cookie` header value. Refuses (as a programming error) what would break the header. */
export function serializeSetCookie(cookie: SetCookie): string {
  if (!COOKIE_NAME.test(cookie.name) || !COOKIE_VALUE.test(cookie.value) || !COOKIE_PATH.test(cookie.path))
    throw new IlsAuthError('invalid_input', 'a cookie name, value or path holds characters a cookie cannot', {
      retryable: false,
    });
  const parts = [`${cookie.name}=${cookie.value}`, `Path=${cookie.path}`, 'HttpOnly', 'SameSite=Lax'];
  if (cookie.secure) parts.push('Secure');
  if (cookie.maxAgeSeconds !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(cookie.maxAgeSeconds))}`);
    if (cookie.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  return parts.join('; ');
}
