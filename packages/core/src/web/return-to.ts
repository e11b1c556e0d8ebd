// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROBE_ORIGIN = 'http://return-to.invalid';

/**
 * The page to send a patron to after sign-in or sign-out, or `fallback` when `value` is not a path on
 * this site. Only relative paths starting with a single "/" pass: `//evil.example` (protocol-relative),
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
  return value;
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
