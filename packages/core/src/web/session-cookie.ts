import { BoundedMemo } from '../internal/bounded-memo.js';

/** One provider's session as the browser holds it: the provider's name and the core session id. */
export interface SessionCookieValue {
  provider: string;
  sessionId: string;
}

const ENTRY = /^([A-Za-z][A-Za-z0-9_-]{0,31})\.([A-Za-z0-9_-]{16,128})$/;
// "~" never occurs in a provider name or a (base64url) session id, and needs no quoting in a cookie.
const SEPARATOR = '~';

/**
 * The session cookie holds one `<provider>.<session id>` entry per provider the browser is signed in to
 * (`sierra.AbC…~overdrive.XyZ…`), so that a portal can be signed in to the catalogue and the e-book
 * service at once. Malformed entries, unknown providers and repeats of a provider are dropped: what comes
 * back is at most one entry per `known` provider, in the cookie's order. The entries are frozen (shared by
 * every request that sends the same cookie); the list is the caller's.
 */
export function parseSessionCookie(
  value: string | undefined,
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): SessionCookieValue[] {
  const entries: SessionCookieValue[] = [];
  if (!value || value.length > 4096) return entries;
  for (const entry of wellFormedEntries.get(value)) if (known.has(entry.provider)) entries.push(entry);
  return entries;
}

/**
 * The well-formed entries of a cookie value, the first of each provider, by the exact value. Every guarded
 * request parses its cookie, and a browser sends the same value until it signs in or out. Independent of
 * the providers a caller knows (those are filtered after), so a memo entry can never be stale; bounded,
 * the oldest going first, so forged values cost memory up to the bound and no more. The ids it returns
 * are the same strings on every request, whose hashes V8 keeps: the store-key lookups after it are cheap.
 */
const wellFormedEntries = new BoundedMemo<readonly SessionCookieValue[]>(10_000, (value) => {
  const entries: SessionCookieValue[] = [];
  for (const part of value.split(SEPARATOR)) {
    const match = ENTRY.exec(part);
    if (!match) continue;
    const provider = match[1]!;
    if (entries.some((entry) => entry.provider === provider)) continue;
    entries.push(Object.freeze({ provider, sessionId: match[2]! }));
  }
  return Object.freeze(entries);
});

/** The cookie value for `entries`; the empty string when there are none (the cookie is then cleared). */
export function formatSessionCookie(entries: readonly SessionCookieValue[]): string {
  return entries.map((entry) => `${entry.provider}.${entry.sessionId}`).join(SEPARATOR);
}
