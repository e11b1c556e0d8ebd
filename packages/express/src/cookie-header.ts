/** Longer Cookie headers are not ours to parse: browsers cap a cookie at 4 KiB and a header near 8 KiB. */
const MAX_HEADER_LENGTH = 16 * 1024;

/**
 * Reads one cookie from a `Cookie` request header without cookie-parser. Tolerates what real headers
 * contain: stray spaces, empty pairs, values in quotes, bad percent-encoding, and the same name twice
 * (browsers send the cookie with the most specific path first, so the first usable one wins).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > MAX_HEADER_LENGTH) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    const decoded = decode(value);
    if (decoded) return decoded;
  }
  return undefined;
}

function decode(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
