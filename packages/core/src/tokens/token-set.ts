import { inspect } from 'node:util';

export interface TokenSetInit {
  accessToken: string;
  /** Always `Bearer`: providers send `bearer` or `Bearer`, and RFC 6749 §5.1 makes the type case-insensitive. */
  tokenType?: 'Bearer';
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds when the provider issued it; the refresh policy scales with the full lifetime. */
  issuedAt?: number;
  /** Granted scopes, as the provider listed them. */
  scope?: readonly string[];
  refreshToken?: string;
  /**
   * The OpenID Connect id_token of the response, for its validation at sign-in. Never serialized: the
   * session keeps its validated claims instead.
   */
  idToken?: string;
  /** The rest of the token response (never `access_token`, `refresh_token` or `id_token`). */
  raw?: Readonly<Record<string, unknown>>;
}

/**
 * A parsed token response. The access and refresh tokens live in private fields, so that
 * `JSON.stringify`, `util.inspect`, `console.log` and spreading print nothing secret; read them through the
 * getters. `serialize()` is the one deliberate way out, for token stores.
 */
export class TokenSet {
  readonly #accessToken: string;
  readonly #refreshToken: string | undefined;
  readonly #idToken: string | undefined;
  readonly tokenType = 'Bearer' as const;
  readonly expiresAt: number;
  /** Undefined for tokens built by hand without it: then the policy's margins apply uncapped. */
  readonly issuedAt: number | undefined;
  readonly scope: readonly string[];
  readonly raw: Readonly<Record<string, unknown>>;

  constructor(init: TokenSetInit) {
    this.#accessToken = init.accessToken;
    this.#refreshToken = init.refreshToken;
    this.#idToken = init.idToken;
    this.expiresAt = init.expiresAt;
    this.issuedAt = init.issuedAt === undefined ? undefined : Math.min(init.issuedAt, init.expiresAt);
    this.scope = Object.freeze([...(init.scope ?? [])]);
    this.raw = Object.freeze({ ...(init.raw ?? {}) });
  }

  get accessToken(): string {
    return this.#accessToken;
  }

  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  get idToken(): string | undefined {
    return this.#idToken;
  }

  /** Milliseconds of life left at `now`. */
  remainingMs(now: number): number {
    return this.expiresAt - now;
  }

  /** The token as an `Authorization` header value. */
  authorizationHeader(): string {
    return `Bearer ${this.#accessToken}`;
  }

  /** A new set with the refresh token of `previous` when this response brought none (RFC 6749 §6). */
  keepingRefreshTokenOf(previous: TokenSet | undefined): TokenSet {
    if (this.#refreshToken !== undefined || previous?.refreshToken === undefined) return this;
    return new TokenSet({
      ...this.describe(),
      accessToken: this.#accessToken,
      refreshToken: previous.refreshToken,
    });
  }

  /** For stores only: a plain object with the secrets in it. */
  serialize(): SerializedTokenSet {
    return {
      a: this.#accessToken,
      r: this.#refreshToken,
      e: this.expiresAt,
      i: this.issuedAt,
      s: this.scope.length > 0 ? [...this.scope] : undefined,
      x: Object.keys(this.raw).length > 0 ? { ...this.raw } : undefined,
    };
  }

  static deserialize(value: SerializedTokenSet): TokenSet {
    return new TokenSet({
      accessToken: value.a,
      refreshToken: value.r,
      expiresAt: value.e,
      issuedAt: value.i,
      scope: value.s,
      raw: value.x,
    });
  }

  private describe(): Omit<TokenSetInit, 'accessToken' | 'refreshToken'> {
    return { expiresAt: this.expiresAt, issuedAt: this.issuedAt, scope: this.scope, raw: this.raw };
  }

  toJSON(): Record<string, unknown> {
    return {
      accessToken: '[redacted]',
      tokenType: this.tokenType,
      expiresAt: new Date(this.expiresAt).toISOString(),
      scope: this.scope,
      refreshToken: this.#refreshToken === undefined ? undefined : '[redacted]',
    };
  }

  [inspect.custom](): string {
    return `TokenSet ${inspect(this.toJSON())}`;
  }
}

/** The stored form of a `TokenSet`; short keys because stores may hold hundreds of thousands. */
export interface SerializedTokenSet {
  a: string;
  r?: string | undefined;
  e: number;
  i?: number | undefined;
  s?: string[] | undefined;
  x?: Record<string, unknown> | undefined;
}

export function isSerializedTokenSet(value: unknown): value is SerializedTokenSet {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.a === 'string' && typeof v.e === 'number' && (v.r === undefined || typeof v.r === 'string');
}
