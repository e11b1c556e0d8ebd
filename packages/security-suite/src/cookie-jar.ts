import { type Answer, type Send, send } from './http-client.js';

/**
 * What a browser keeps between requests to one site: its cookies (set, replaced, cleared by `Max-Age=0`
 * or an empty value). Paths are ignored on purpose: sending every cookie everywhere only helps an
 * integration, so a refusal seen through this jar is a real one.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  constructor(cookies: Iterable<[string, string]> = []) {
    for (const [name, value] of cookies) this.#cookies.set(name, value);
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** A copy, as an attacker who copied the cookies at this moment holds them. */
  copy(): CookieJar {
    return new CookieJar(this.#cookies);
  }

  only(name: string): CookieJar {
    const value = this.#cookies.get(name);
    return new CookieJar(value === undefined ? [] : [[name, value]]);
  }

  async send(url: string, options: Send = {}): Promise<Answer> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await send(url, {
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    this.take(answer.setCookies);
    return answer;
  }

  take(setCookies: string[]): void {
    for (const header of setCookies) {
      const pair = header.split(';')[0] ?? '';
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = /;\s*max-age=0\b/i.test(header) || /;\s*expires=Thu, 01 Jan 1970/i.test(header);
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}
