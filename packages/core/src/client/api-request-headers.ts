import { BoundedMemo } from '../internal/bounded-memo.js';
import type { TokenSet } from '../tokens/token-set.js';

/**
 * The headers of a call without headers of the caller's, built once per token and user agent: the two
 * of every call, and the three of a call with `X-Forwarded-For`, by address (a portal's guarded routes
 * call with the same few addresses again and again; bounded, the oldest going first).
 */
const defaultsByToken = new WeakMap<TokenSet, DefaultHeaders>();

interface DefaultHeaders {
  userAgent: string;
  headers: Readonly<Record<string, string>>;
  forwarded: BoundedMemo<Readonly<Record<string, string>>>;
}

const MAX_FORWARDED_HEADER_SETS = 1_024;

/**
 * The headers of one API call: the caller's, with `Authorization` set to the token, a `User-Agent`
 * unless the caller chose one, and `X-Forwarded-For` when there is an end user's address.
 *
 * A plain record, not a `Headers` object: `fetch` copies whatever it gets into its own header list, so a
 * `Headers` built here would be built twice, at a few microseconds each. Only a caller who passed a
 * `Headers` or a list of pairs gets one back. Without headers of the caller's, the same frozen record
 * serves every call made with a token.
 */
export function apiRequestHeaders(
  token: TokenSet,
  userAgent: string,
  callerHeaders: RequestInit['headers'],
  forwardedFor: string | undefined,
): NonNullable<RequestInit['headers']> {
  if (callerHeaders === undefined) {
    const defaults = defaultHeaders(token, userAgent);
    return forwardedFor ? defaults.forwarded.get(forwardedFor) : defaults.headers;
  }
  if (callerHeaders instanceof Headers || Array.isArray(callerHeaders)) {
    const headers = new Headers(callerHeaders);
    headers.set('authorization', token.authorizationHeader());
    if (!headers.has('user-agent')) headers.set('user-agent', userAgent);
    if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
    return headers;
  }
  // Header names are case-insensitive: the caller's `Authorization` (any spelling) gives way to ours, and
  // their `User-Agent` is kept instead of being sent twice.
  const headers: Record<string, string> = {};
  let hasUserAgent = false;
  for (const [name, value] of Object.entries((callerHeaders ?? {}) as Record<string, string>)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || (forwardedFor && lower === 'x-forwarded-for')) continue;
    if (lower === 'user-agent') hasUserAgent = true;
    headers[name] = value;
  }
  headers.authorization = token.authorizationHeader();
  if (!hasUserAgent) headers['user-agent'] = userAgent;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  return headers;
}

function defaultHeaders(token: TokenSet, userAgent: string): DefaultHeaders {
  const known = defaultsByToken.get(token);
  if (known?.userAgent === userAgent) return known;
  const headers = Object.freeze({ authorization: token.authorizationHeader(), 'user-agent': userAgent });
  const forwarded = new BoundedMemo(MAX_FORWARDED_HEADER_SETS, (forwardedFor) =>
    Object.freeze({ ...headers, 'x-forwarded-for': forwardedFor }),
  );
  const defaults = { userAgent, headers, forwarded };
  defaultsByToken.set(token, defaults);
  return defaults;
}
