/**
 * A browser's part of a sign-in over plain HTTP: a cookie jar (per host, as browsers scope cookies,
 * honouring Path and Max-Age), redirects followed by hand, and forms submitted from the page's HTML.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expiresAt: number | undefined;
  attributes: string;
}

export interface Page {
  url: string;
  status: number;
  location: string | undefined;
  body: string;
  setCookies: string[];
}

export class Browser {
  readonly #jar = new Map<string, StoredCookie[]>();

  /** One request, no redirect followed. */
  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Page> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.#store(target, header);
    const location = response.headers.get('location') ?? undefined;
    return {
      url: target.href,
      status: response.status,
      location: location === undefined ? undefined : new URL(location, target).href,
      body: await response.text(),
      setCookies,
    };
  }

  /** Follows redirects until a page that is not one, or until `stop` says so. */
  async follow(
    url: string | URL,
    options: { form?: Record<string, string>; stop?: (url: URL) => boolean; maxHops?: number } = {},
  ): Promise<Page> {
    let page = await this.request(url, { form: options.form });
    for (let hop = 0; page.location && hop < (options.maxHops ?? 10); hop++) {
      if (options.stop?.(new URL(page.location))) return page;
      page = await this.request(page.location);
    }
    return page;
  }

  cookieHeader(url: URL): string {
    const now = Date.now();
    return (this.#jar.get(url.hostname) ?? [])
      .filter((c) => (c.expiresAt === undefined || c.expiresAt > now) && pathMatches(url.pathname, c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** The cookie as stored (all hosts' paths), for inspecting its attributes. */
  cookie(hostname: string, name: string): StoredCookie | undefined {
    return this.#jar.get(hostname)?.find((c) => c.name === name);
  }

  /** Puts a cookie back as an attacker (or a stale tab) would. */
  setCookie(hostname: string, name: string, value: string, path = '/'): void {
    const list = (this.#jar.get(hostname) ?? []).filter((c) => !(c.name === name && c.path === path));
    list.push({ name, value, path, expiresAt: undefined, attributes: '' });
    this.#jar.set(hostname, list);
  }

  #store(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key = '', raw = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = raw;
      if (key.toLowerCase() === 'max-age') expiresAt = Date.now() + Number(raw) * 1000;
    }
    const list = (this.#jar.get(url.hostname) ?? []).filter((c) => !(c.name === name && c.path === path));
    if (expiresAt === undefined || expiresAt > Date.now()) {
      list.push({ name, value, path, expiresAt, attributes: attributes.join('; ') });
    }
    this.#jar.set(url.hostname, list);
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The first form of a page: where it posts and its hidden fields, entities decoded. */
export function readForm(html: string, pageUrl: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"/.exec(html);
  if (!form) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name) fields[decode(name)] = decode(value);
  }
  return { action: new URL(decode(form[1]!), pageUrl).href, fields };
}

function decode(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
