import type { TLSSocket } from 'node:tls';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';

/** The session cookie holds `<provider name>.<core session id>`: one store read finds the session. */
export interface SessionCookie {
  provider: string;
  sessionId: string;
}

const SESSION_COOKIE = /^([A-Za-z][A-Za-z0-9_-]{0,31})\.([A-Za-z0-9_-]{16,128})$/;
/** Longer Cookie headers are not ours to parse: browsers cap a cookie at 4 KiB and a header near 8 KiB. */
const MAX_HEADER_LENGTH = 16 * 1024;

/** Reads, writes and clears the session cookie without cookie-parser. */
export class SessionCookieJar {
  constructor(
    private readonly name: string,
    private readonly secure: 'auto' | boolean,
  ) {}

  read(req: IlsAuthRequest): SessionCookie | undefined {
    const match = SESSION_COOKIE.exec(readCookie(req.headers.cookie, this.name) ?? '');
    return match ? { provider: match[1]!, sessionId: match[2]! } : undefined;
  }

  /** httpOnly and SameSite=Lax always (the provider's redirect back is a top-level GET); Secure on https. */
  write(req: IlsAuthRequest, res: IlsAuthResponse, provider: string, sessionId: string): void {
    appendSetCookie(res, this.serialize(req, `${provider}.${sessionId}`, undefined));
  }

  clear(req: IlsAuthRequest, res: IlsAuthResponse): void {
    appendSetCookie(res, this.serialize(req, '', 0));
  }

  private serialize(req: IlsAuthRequest, value: string, maxAge: number | undefined): string {
    // No Max-Age on the session cookie itself: the session's life is decided by the store.
    const parts = [`${this.name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`, 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    if (this.isSecure(req)) parts.push('Secure');
    return parts.join('; ');
  }

  private isSecure(req: IlsAuthRequest): boolean {
    if (this.secure !== 'auto') return this.secure;
    if (typeof req.secure === 'boolean') return req.secure;
    return Boolean((req.socket as TLSSocket | undefined)?.encrypted);
  }
}

/** One cookie of a `Cookie` header; the first usable one wins (browsers send the most specific path first). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value) return value;
  }
  return undefined;
}

/** Adds a `Set-Cookie` header without dropping those set by others (the transaction cookie, the app). */
function appendSetCookie(res: IlsAuthResponse, cookie: string): void {
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('set-cookie', [...list, cookie]);
}
