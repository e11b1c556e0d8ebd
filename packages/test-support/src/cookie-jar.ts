/** A cookie as the jar keeps it. */
export interface StoredCookie {
  name: string;
  value: string;
  /** The host it was set by; `*` for a cookie sent to every host (`sendEverywhere`, or put in by a test). */
  host: string;
  path: string;
  expiresAt: number | undefined;
  /** Its Set-Cookie attributes as the server sent them (`Path=/; HttpOnly; SameSite=Lax`). */
  attributes: string;
}

export interface CookieJarOptions {
  /**
   * Sends every cookie to every host and path. For suites that judge refusals: a jar that withholds
   * nothing only helps the server under test, so a refusal seen through it is a real one.
   */
  sendEverywhere?: boolean;
}

/**
 * The cookies of one browser: kept per host (as browsers scope them, not per port), with Path, Max-Age
 * and Expires honoured, and a cookie cleared by `Max-Age=0`, a past `Expires` or an empty value.
 */
export class CookieJar {
  #cookies: StoredCookie[] = [];

  /** `cookies`: name and value pairs a test starts with, sent to every host. */
  constructor(
    cookies: Iterable<[string, string]> = [],
    protected readonly options: CookieJarOptions = {},
  ) {
    for (const [name, value] of cookies) this.setCookie('*', name, value);
  }

  /**
   * The value of each cookie the jar holds, by name. Setting or deleting a name changes the jar: the
   * value is then sent to every host, as a cookie an attacker planted (replacing any of that name).
   */
  get cookies(): Map<string, string> {
    return new CookieValues(
      this.#live().map((cookie) => [cookie.name, cookie.value]),
      (name, value) => {
        this.#forget(name);
        if (value !== undefined) this.setCookie('*', name, value);
      },
    );
  }

  /** Every cookie the jar holds, as stored. */
  all(): StoredCookie[] {
    return [...this.#live()];
  }

  get(name: string): string | undefined {
    return this.cookie(name)?.value;
  }

  /** The cookie as stored, for its attributes: by name, or by the host that set it and name. */
  cookie(name: string): StoredCookie | undefined;
  cookie(host: string, name: string): StoredCookie | undefined;
  cookie(first: string, second?: string): StoredCookie | undefined {
    const [host, name] = second === undefined ? [undefined, first] : [first, second];
    return this.#live().find(
      (cookie) => cookie.name === name && (host === undefined || cookie.host === host),
    );
  }

  /** Puts a cookie in, as an attacker (or a stale tab) would. */
  setCookie(cookie: Pick<StoredCookie, 'name' | 'value' | 'host' | 'path'>): void;
  setCookie(host: string, name: string, value: string, path?: string): void;
  setCookie(
    first: string | Pick<StoredCookie, 'name' | 'value' | 'host' | 'path'>,
    name?: string,
    value?: string,
    path = '/',
  ): void {
    const cookie =
      typeof first === 'string' ? { host: first, name: name ?? '', value: value ?? '', path } : first;
    this.#put({ ...cookie, expiresAt: undefined, attributes: '' });
  }

  /** The `Cookie` header for a request to `url`; every cookie the jar holds without one. */
  cookieHeader(url?: URL | string): string {
    const target = url === undefined ? undefined : new URL(url);
    return this.#live()
      .filter((cookie) => target === undefined || this.#matches(cookie, target))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** Every cookie the jar holds, as one `Cookie` header. */
  header(): string {
    return this.cookieHeader();
  }

  /** Keeps what an answer sets and drops what it clears; `url` is where the answer came from. */
  take(answer: Response | readonly string[], url?: URL | string): void {
    const headers = Array.isArray(answer) ? answer : (answer as Response).headers.getSetCookie();
    const from = new URL(url ?? ((answer as Response).url || 'http://localhost/'));
    for (const header of headers) this.#store(from, header);
  }

  /** A copy, as an attacker who copied the cookies at this moment holds them. */
  copy(): this {
    return this.#holding(() => true);
  }

  /** A jar (of the same kind: a browser's copy is a browser) with this one's cookie `name` alone. */
  only(name: string): this {
    return this.#holding((cookie) => cookie.name === name);
  }

  #holding(keep: (cookie: StoredCookie) => boolean): this {
    const Kind = this.constructor as new (cookies: [], options: CookieJarOptions) => this;
    const jar = new Kind([], this.options);
    for (const cookie of this.#live()) if (keep(cookie)) jar.#put(cookie);
    return jar;
  }

  #store(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    if (equals <= 0) return;
    let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=');
      if (/^path$/i.test(key) && attributeValue.startsWith('/')) path = attributeValue;
      else if (/^max-age$/i.test(key)) expiresAt = Date.now() + Number(attributeValue) * 1000;
      else if (/^expires$/i.test(key) && expiresAt === undefined) expiresAt = Date.parse(attributeValue);
    }
    const value = pair.slice(equals + 1).trim();
    this.#put({
      name: pair.slice(0, equals).trim(),
      value,
      host: url.hostname,
      path,
      // An empty value is how servers that cannot send Max-Age clear a cookie.
      expiresAt: value === '' ? 0 : expiresAt,
      attributes: attributes.join('; '),
    });
  }

  /**
   * Replaces the cookie of the same name, host and path (a cookie for every host counts as the host's
   * own); one that has expired only clears it.
   */
  #put(cookie: StoredCookie): void {
    const stored = this.options.sendEverywhere ? { ...cookie, host: '*', path: '/' } : cookie;
    const sameHost = (host: string) => host === stored.host || host === '*' || stored.host === '*';
    this.#cookies = this.#cookies.filter(
      (other) => !(other.name === stored.name && sameHost(other.host) && other.path === stored.path),
    );
    if (!expired(stored)) this.#cookies.push(stored);
  }

  #forget(name: string): void {
    this.#cookies = this.#cookies.filter((cookie) => cookie.name !== name);
  }

  #live(): StoredCookie[] {
    this.#cookies = this.#cookies.filter((cookie) => !expired(cookie));
    return this.#cookies;
  }

  #matches(cookie: StoredCookie, url: URL): boolean {
    return (cookie.host === '*' || cookie.host === url.hostname) && pathMatches(url.pathname, cookie.path);
  }
}

/** A jar's cookies by name, where `set` and `delete` also change the jar. */
class CookieValues extends Map<string, string> {
  constructor(
    entries: Iterable<[string, string]>,
    private readonly change: (name: string, value: string | undefined) => void,
  ) {
    super();
    for (const [name, value] of entries) super.set(name, value);
  }

  override set(name: string, value: string): this {
    this.change(name, value);
    return super.set(name, value);
  }

  override delete(name: string): boolean {
    this.change(name, undefined);
    return super.delete(name);
  }
}

function expired(cookie: StoredCookie): boolean {
  return cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now();
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
