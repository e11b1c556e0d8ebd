import { configError } from '../errors/config-error.js';

/**
 * Option checks shared by the provider factories. Each throws `config_invalid` naming the option, once,
 * at construction, so a typo fails at start-up rather than on a patron's first login.
 */
export class OptionReader {
  constructor(
    readonly provider: string,
    private readonly options: Record<string, unknown>,
  ) {
    if (options === null || typeof options !== 'object') {
      throw configError(provider, 'options', 'must be an object');
    }
  }

  string(name: string, rules: { minLength?: number; forbid?: RegExp; forbidWhy?: string } = {}): string {
    const value = this.options[name];
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw configError(
        this.provider,
        name,
        value === undefined ? 'is required' : 'must be a non-empty string',
      );
    }
    if (rules.minLength !== undefined && value.length < rules.minLength) {
      throw configError(this.provider, name, `must be at least ${rules.minLength} characters long`);
    }
    if (rules.forbid?.test(value))
      throw configError(this.provider, name, rules.forbidWhy ?? 'contains a forbidden character');
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.options[name] === undefined ? undefined : this.string(name);
  }

  /** One of a fixed set of strings, `fallback` when absent. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.options[name];
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T))
      throw configError(this.provider, name, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return value as T;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw configError(this.provider, name, 'must be true or false');
    return value;
  }

  positiveNumber(name: string, fallback: number): number {
    const value = this.options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw configError(this.provider, name, 'must be a positive number');
    }
    return value;
  }

  stringList(name: string, fallback: readonly string[]): readonly string[] {
    const value = this.options[name];
    if (value === undefined) return fallback;
    const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
    if (
      !Array.isArray(list) ||
      list.some((item) => typeof item !== 'string' || item.length === 0 || /\s/.test(item))
    ) {
      throw configError(this.provider, name, 'must be a list of scope strings without spaces');
    }
    return Object.freeze([...list]);
  }

  stringRecord(name: string): Readonly<Record<string, string>> {
    const value = this.options[name];
    if (value === undefined) return Object.freeze({});
    if (
      value === null ||
      typeof value !== 'object' ||
      Object.values(value).some((v) => typeof v !== 'string')
    ) {
      throw configError(this.provider, name, 'must be an object of string values');
    }
    return Object.freeze({ ...(value as Record<string, string>) });
  }

  /**
   * An absolute http(s) URL without a trailing slash. Plain http is refused unless the host is loopback
   * (tests, the emulators) or `allowInsecureHttp` is set: tokens and PINs must not cross a network in clear.
   */
  url(name: string, allowInsecureHttp: boolean, fallback?: string): string {
    return checkedUrl(this.options[name] ?? fallback, allowInsecureHttp, (problem) =>
      configError(this.provider, name, problem),
    );
  }

  /** A name that is not an option of this factory: almost always a typo worth reporting. */
  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.options)) {
      if (!known.includes(key))
        throw configError(this.provider, key, `is not an option of ${this.provider}()`);
    }
  }
}

/**
 * The checks of `OptionReader.url()` for a URL that did not come from an option (a server's metadata):
 * `fail` turns a problem into the error that names where the URL came from.
 */
export function checkedUrl(
  raw: unknown,
  allowInsecureHttp: boolean,
  fail: (problem: string) => Error,
): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw fail('is required');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail('is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`must be an http(s) URL, not ${url.protocol}`);
  }
  if (url.username || url.password) throw fail('must not contain credentials');
  if (url.hash) throw fail('must not contain a fragment');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw fail('uses http:// to a non-loopback host; use https:// or set allowInsecureHttp: true');
  }
  return url.href.replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
