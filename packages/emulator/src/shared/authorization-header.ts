/** An `Authorization` header split into its scheme (lower-cased: schemes are case-insensitive) and value. */
export interface AuthorizationHeader {
  scheme: string;
  value: string;
}

export function parseAuthorization(header: string | undefined): AuthorizationHeader | undefined {
  const match = /^\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?:\s+(.*?))?\s*$/.exec(header ?? '');
  if (!match?.[1]) return undefined;
  return { scheme: match[1].toLowerCase(), value: match[2] ?? '' };
}

/**
 * Decodes a Basic value to the raw `id:secret` it carries. No percent-decoding happens here: Sierra and
 * OverDrive compare the raw key, so an RFC 6749 §2.3.1 form-encoded id (`+` sent as `%2B`) stays
 * different from the real key and is refused, as on the real servers.
 */
export function decodeBasicCredentials(value: string): { id: string; secret: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 === 1) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The token of a `Bearer` header (any case of the scheme), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const parsed = parseAuthorization(header);
  if (parsed?.scheme !== 'bearer' || !/^[\w.~+/=-]+$/.test(parsed.value)) return undefined;
  return parsed.value;
}
