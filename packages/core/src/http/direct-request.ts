/** The options of undici's `dispatch()` for a request without a body, as Node's `fetch` passes them. */
export interface DirectRequest {
  url: URL;
  origin: string;
  path: string;
  method: 'GET' | 'HEAD';
  headers: Readonly<Record<string, string>>;
  redirect: NonNullable<RequestInit['redirect']>;
  maxRedirections: 0;
  headersTimeout: number;
}

/**
 * The request `fetch(url, init)` would send, for undici's dispatcher: or undefined when only `fetch`
 * itself can send it the same way. That is a GET or HEAD with no body and no signal, http(s), headers
 * given as a plain record whose names and values `fetch` would send unchanged, and nothing else in
 * `init` (a cache mode, a `keepalive`, a body …). Those are an API call's reads, the path every guarded
 * page takes; the rest go through `fetch`, which gives them its every rule and error as before.
 *
 * What `fetch` adds on the wire is added too, so a server sees the same request: `accept`,
 * `accept-language`, `sec-fetch-mode`, a `user-agent` when the caller has none, and the compression
 * Node's `fetch` accepts (and `direct-response.ts` decodes).
 */
export function directRequest(
  url: string | URL,
  init: RequestInit,
  headersTimeout: number,
): DirectRequest | undefined {
  for (const key in init)
    if (!ALLOWED_INIT.has(key) && (init as Record<string, unknown>)[key] !== undefined) return undefined;
  if (init.body != null || init.signal != null) return undefined;
  const method = init.method === undefined ? 'GET' : READ_METHODS[init.method as keyof typeof READ_METHODS];
  if (method === undefined) return undefined;
  const redirect = init.redirect ?? 'follow';
  if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') return undefined;
  let target: URL;
  try {
    target = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined; // `fetch` refuses it, in its own words
  }
  if (!(target instanceof URL)) return undefined;
  const https = target.protocol === 'https:';
  if ((!https && target.protocol !== 'http:') || target.username !== '' || target.password !== '')
    return undefined;
  const headers = wireHeaders(init.headers, https);
  if (headers === undefined) return undefined;
  return {
    url: target,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method,
    headers,
    redirect,
    maxRedirections: 0,
    headersTimeout,
  };
}

const ALLOWED_INIT = new Set(['method', 'headers', 'redirect', 'body', 'signal', 'forwardedFor']);
// `fetch` upper-cases these method names, and only these, whatever their case.
const READ_METHODS = {
  GET: 'GET',
  get: 'GET',
  Get: 'GET',
  HEAD: 'HEAD',
  head: 'HEAD',
  Head: 'HEAD',
} as const;

/**
 * Headers records are made once and handed to many calls (the client's frozen record per token and
 * address): their wire form is made once too. A record that can change is converted every time.
 */
const wireByRecord = new WeakMap<object, { http?: WireHeaders; https?: WireHeaders }>();
type WireHeaders = Readonly<Record<string, string>> | null;

function wireHeaders(
  headers: RequestInit['headers'],
  https: boolean,
): Readonly<Record<string, string>> | undefined {
  if (headers === undefined || headers === null) return (https ? HTTPS_DEFAULTS : HTTP_DEFAULTS).headers;
  if (typeof headers !== 'object' || headers instanceof Headers || Array.isArray(headers)) return undefined;
  if (Object.getPrototypeOf(headers) !== Object.prototype) return undefined;
  const scheme = https ? 'https' : 'http';
  if (!Object.isFrozen(headers)) return convert(headers as Record<string, unknown>, https) ?? undefined;
  let known = wireByRecord.get(headers);
  if (known === undefined) {
    known = {};
    wireByRecord.set(headers, known);
  }
  if (known[scheme] === undefined) known[scheme] = convert(headers as Record<string, unknown>, https);
  return known[scheme] ?? undefined;
}

/** The record with lower-case names and `fetch`'s additions; null if `fetch` would send it otherwise. */
function convert(record: Record<string, unknown>, https: boolean): Readonly<Record<string, string>> | null {
  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || !TOKEN.test(name) || !sentAsIs(value) || lower in wire) return null;
    if (UNDICI_MANAGED.has(lower) || lower.startsWith('proxy-')) return null;
    wire[lower] = value;
  }
  for (const [name, value] of (https ? HTTPS_DEFAULTS : HTTP_DEFAULTS).pairs) wire[name] ??= value;
  return Object.freeze(wire);
}

/** A header name `fetch` accepts (an HTTP token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A value that `fetch` sends as it is: nothing to trim, and nothing undici would refuse. */
function sentAsIs(value: string): boolean {
  return !/^[\t ]|[\t ]$|[^\t\x20-\x7e\x80-\xff]/.test(value);
}

/**
 * Headers undici writes itself or refuses from a caller, and `range` (after which `fetch` asks for no
 * compression): requests with them are left to `fetch` and its own rules and errors.
 */
const UNDICI_MANAGED = new Set([
  'range',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
  'te',
  'trailer',
]);

/** What `fetch` adds to a request that lacks them, in the order it adds them. */
function fetchDefaults(acceptEncoding: string) {
  const pairs: [string, string][] = [
    ['accept', '*/*'],
    ['accept-language', '*'],
    ['sec-fetch-mode', 'cors'],
    ['user-agent', 'node'],
    ['accept-encoding', acceptEncoding],
  ];
  return { pairs, headers: Object.freeze(Object.fromEntries(pairs)) as Readonly<Record<string, string>> };
}
const HTTP_DEFAULTS = fetchDefaults('gzip, deflate');
const HTTPS_DEFAULTS = fetchDefaults('br, gzip, deflate');
