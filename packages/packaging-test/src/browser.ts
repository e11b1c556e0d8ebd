/** Every body the examples answered to a `Browser` since the last `takeReceivedBodies()`. */
const received: string[] = [];

/** The bodies the patrons' browsers received, and forgets them (one example at a time). */
export function takeReceivedBodies(): string[] {
  return received.splice(0);
}

/** A client that keeps cookies and does not follow redirects, as the checks read each hop. */
export class Browser {
  readonly #cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) {
      headers.set('cookie', [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    received.push(await response.clone().text());
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(at + 1).trim());
    }
    return response;
  }

  /** POSTs a form, as a browser submits one. */
  submit(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  }

  /** POSTs JSON, as a script does. */
  postJson(url: string, body: unknown): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }
}

/** Where a redirect points, made absolute. */
export function location(response: Response, base: string): string {
  const target = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || !target) {
    throw new Error(`expected a redirect, got ${response.status}`);
  }
  return new URL(target, base).href;
}
