/**
 * A tiny browser for tests: a cookie jar that honours Path, Max-Age and Expires, and manual redirects,
 * so every hop of a sign-in (app → provider → app) can be looked at. Like real browsers, cookies are kept
 * per host, not per port.
 */
export interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number | undefined;
  attributes: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | undefined;
  setCookies: string[];
  headers: Headers;
  body: string;
}

export class Browser {
  cookies: StoredCookie[] = [];
  /** Every request's response, in order, with its body read. */
  readonly history: Hop[] = [];

  /** One request, no redirect following. */
  async request(url: string, init: RequestInit = {}): Promise<Hop> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.store(target, header);
    const location = response.headers.get('location') ?? undefined;
    const hop: Hop = {
      url: target.href,
      status: response.status,
      location: location === undefined ? undefined : new URL(location, target).href,
      setCookies,
      headers: response.headers,
      body: await response.text(),
    };
    this.history.push(hop);
    return hop;
  }

  /** Follows redirects as a browser does (303, and 302 after POST, become GET), until `stop` says so. */
  async navigate(url: string, init: RequestInit = {}, stop?: (hop: Hop) => boolean): Promise<Hop> {
    let hop = await this.request(url, init);
    let method = (init.method ?? 'GET').toUpperCase();
    for (let hops = 0; hop.location && hop.status >= 300 && hop.status < 400 && !stop?.(hop); hops++) {
      if (hops > 20) throw new Error('too many redirects');
      const keepBody = hop.status === 307 || hop.status === 308;
      if (!keepBody) method = 'GET';
      hop = await this.request(hop.location, keepBody ? { ...init, method } : { method });
    }
    return hop;
  }

  /** Submits a form as a browser does: `application/x-www-form-urlencoded`, following redirects. */
  submit(action: string, fields: Record<string, string>, stop?: (hop: Hop) => boolean): Promise<Hop> {
    return this.navigate(
      action,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      stop,
    );
  }

  cookie(name: string): StoredCookie | undefined {
    return this.cookies.find((cookie) => cookie.name === name && !this.expired(cookie));
  }

  setCookie(cookie: Omit<StoredCookie, 'expiresAt' | 'attributes'>): void {
    this.cookies = this.cookies.filter(
      (other) => !(other.name === cookie.name && other.host === cookie.host && other.path === cookie.path),
    );
    this.cookies.push({ ...cookie, expiresAt: undefined, attributes: '' });
  }

  private store(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    if (equals <= 0) return;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=');
      if (/^path$/i.test(key) && attributeValue.startsWith('/')) path = attributeValue;
      else if (/^max-age$/i.test(key)) expiresAt = Date.now() + Number(attributeValue) * 1000;
      else if (/^expires$/i.test(key) && expiresAt === undefined) expiresAt = Date.parse(attributeValue);
    }
    this.cookies = this.cookies.filter(
      (cookie) => !(cookie.name === name && cookie.host === url.hostname && cookie.path === path),
    );
    const cookie = { name, value, host: url.hostname, path, expiresAt, attributes: attributes.join('; ') };
    if (!this.expired(cookie)) this.cookies.push(cookie);
  }

  private cookieHeader(url: URL): string {
    return this.cookies
      .filter((cookie) => cookie.host === url.hostname && pathMatches(url.pathname, cookie.path))
      .filter((cookie) => !this.expired(cookie))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private expired(cookie: StoredCookie): boolean {
    return cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now();
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The fields of the first form in a page (hidden inputs, text inputs with values, and its action). */
export function readForm(html: string, baseUrl: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
    const value = /value="([^"]*)"/.exec(input[1]!)?.[1];
    if (name && value !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value);
  }
  return { action: new URL(unescapeHtml(form[1]!), baseUrl).href, fields };
}

function unescapeHtml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
