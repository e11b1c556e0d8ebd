import { CookieJar } from './cookie-jar.js';
import { type Answer, type Send, send } from './http-request.js';

/** One answer as the browser saw it, its body read, its `Location` made absolute. */
export interface Hop {
  url: string;
  status: number;
  location: string | undefined;
  setCookies: string[];
  headers: Headers;
  body: string;
}

/** What `request` sends: a fetch `RequestInit`, or a `form` posted as a browser submits one. */
export type BrowserRequest = RequestInit & { form?: Record<string, string> };

/**
 * The test browser every package drives its apps with: its cookie jar, requests that never follow a
 * redirect on their own (so every hop of a sign-in, app → provider → app, can be looked at), and the
 * ways a browser or a script moves on from there.
 */
export class Browser extends CookieJar {
  /** Every answer `request`, `navigate`, `submit` and `follow` read, in order. */
  readonly history: Hop[] = [];

  /** One request with fetch: cookies sent and kept, no redirect followed, the body left unread. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.take(response, target);
    return response;
  }

  /** One request, no redirect followed, its answer read into a `Hop`. */
  async request(url: string | URL, init: BrowserRequest = {}): Promise<Hop> {
    const { form, ...rest } = init;
    const target = new URL(url);
    const response = await this.fetch(target, form ? formPost(form, rest) : rest);
    const location = response.headers.get('location') ?? undefined;
    const hop: Hop = {
      url: target.href,
      status: response.status,
      location: location === undefined ? undefined : new URL(location, target).href,
      setCookies: response.headers.getSetCookie(),
      headers: response.headers,
      body: await response.text(),
    };
    this.history.push(hop);
    return hop;
  }

  /**
   * Follows redirects as a browser does (303, and 302 after POST, become GET; 307 and 308 resend), until
   * an answer that is not one or until `stop` says so; more than 20 redirects throw.
   */
  async navigate(url: string | URL, init: BrowserRequest = {}, stop?: (hop: Hop) => boolean): Promise<Hop> {
    let hop = await this.request(url, init);
    let method = (init.method ?? (init.form ? 'POST' : 'GET')).toUpperCase();
    for (let hops = 0; hop.location && hop.status >= 300 && hop.status < 400 && !stop?.(hop); hops++) {
      if (hops > 20) throw new Error('too many redirects');
      const keepBody = hop.status === 307 || hop.status === 308;
      if (!keepBody) method = 'GET';
      hop = await this.request(hop.location, keepBody ? { ...init, method } : { method });
    }
    return hop;
  }

  /**
   * Follows `Location` with GETs, at most `maxHops` times (10), until an answer without one or a target
   * `stop` accepts (that answer is returned, its target not requested).
   */
  async follow(
    url: string | URL,
    options: { form?: Record<string, string>; stop?: (url: URL) => boolean; maxHops?: number } = {},
  ): Promise<Hop> {
    let page = await this.request(url, options.form ? { form: options.form } : {});
    for (let hop = 0; page.location && hop < (options.maxHops ?? 10); hop++) {
      if (options.stop?.(new URL(page.location))) return page;
      page = await this.request(page.location);
    }
    return page;
  }

  /** Submits a form as a browser does (`application/x-www-form-urlencoded`), following redirects. */
  submit(action: string, fields: Record<string, string>, stop?: (hop: Hop) => boolean): Promise<Hop> {
    return this.navigate(action, { form: fields }, stop);
  }

  /** POSTs a form, as a browser submits one, and answers without following a redirect. */
  postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, formPost(fields));
  }

  /** POSTs JSON, as a script does. */
  postJson(url: string, body: unknown): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /**
   * One request with node:http instead of fetch, for the headers fetch refuses to send (a garbage
   * `Host`); cookies sent and kept as with the others.
   */
  async send(url: string, options: Send = {}): Promise<Answer> {
    const cookie = this.cookieHeader(url);
    const answer = await send(url, {
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    this.take(answer.setCookies, url);
    return answer;
  }
}

function formPost(fields: Record<string, string>, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/x-www-form-urlencoded');
  return { ...init, method: init.method ?? 'POST', headers, body: new URLSearchParams(fields).toString() };
}

/**
 * The first form of a page: where it posts, and its fields that have a value (hidden ones always, with
 * an empty value when they have none), entities decoded.
 */
export function readForm(html: string, pageUrl: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
    const hidden = /type="hidden"/i.test(input[1]!);
    const value = /value="([^"]*)"/.exec(input[1]!)?.[1] ?? (hidden ? '' : undefined);
    if (name && value !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value);
  }
  return { action: new URL(unescapeHtml(form[1]!), pageUrl).href, fields };
}

function unescapeHtml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
