import { inspect } from 'node:util';
import type { IlsAuthErrorCode } from './error-codes.js';

/**
 * What the provider itself said, kept so that support staff can match it against vendor docs. Every
 * string in it has passed through redaction: a card number or PIN echoed by the provider is not kept.
 */
export interface ProviderErrorBody {
  /** RFC 6749 `error`, or OverDrive's `errorCode`. */
  error?: string;
  /** RFC 6749 `error_description`, or OverDrive's `message`. */
  errorDescription?: string;
  /** Sierra's numeric `code` (113, 120, 108, …). */
  sierraCode?: number;
  /** Sierra's `specificCode`. */
  specificCode?: number;
  /** Sierra's `name` ("Unauthorized", "Invalid parameter", …). */
  name?: string;
  /** Sierra's `description`, which is sometimes absent. */
  description?: string;
  /** The RFC 6750 `WWW-Authenticate` error, when the body said nothing. */
  challengeError?: string;
  /**
   * The permissions the provider says our API user lacks (Koha's 403 `required_permissions`), as
   * `module` or `module: subpermission`, comma-separated.
   */
  requiredPermissions?: string;
}

export interface IlsAuthErrorOptions {
  status?: number;
  provider?: string;
  retryable?: boolean;
  reauthRequired?: boolean;
  providerError?: ProviderErrorBody;
  /** Seconds, from a `Retry-After` header. */
  retryAfter?: number;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<IlsAuthErrorCode> = new Set([
  'provider_unavailable',
  'rate_limited',
  'timeout',
  'store_unavailable',
]);

/**
 * Marks an IlsAuthError made by any copy of this module. An app can load core twice (its ESM build for one
 * adapter, its CJS build for another); a plain `instanceof` would then call the other copy's errors
 * foreign and answer them as generic 500s. `Symbol.for` is one symbol per process, whatever the copy.
 */
const BRAND = Symbol.for('@ils-auth/core.IlsAuthError');

/**
 * The one error type of ils-auth. The same instance reaches a Passport `error()`, an Express error handler
 * and a Nest exception filter, so each can map `code` and `status` without parsing messages.
 * Messages are written by us and never contain a secret, PIN or token.
 */
export class IlsAuthError extends Error {
  override readonly name = 'IlsAuthError';
  readonly code: IlsAuthErrorCode;
  /** The HTTP status the provider answered with, when there was an answer. */
  readonly status: number | undefined;
  /** The provider descriptor's id (`sierra`, `overdrive`, `rero`, …). */
  readonly provider: string | undefined;
  /** True when the same call may succeed later (outage, rate limit, timeout). */
  readonly retryable: boolean;
  /** True when the patron must sign in again (refresh token gone, session over). */
  readonly reauthRequired: boolean;
  readonly providerError: ProviderErrorBody | undefined;
  readonly retryAfter: number | undefined;

  /** True for an IlsAuthError from this or any other copy of @ils-auth/core (and for its subclasses). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A subclass keeps the ordinary prototype check: `this` is the subclass here, not IlsAuthError.
    // biome-ignore lint/complexity/noThisInStatic: the subclass receiving the check is exactly what is asked.
    if (this !== IlsAuthError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(code: IlsAuthErrorCode, message: string, options: IlsAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.provider = options.provider;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.reauthRequired = options.reauthRequired ?? false;
    this.providerError = options.providerError;
    this.retryAfter = options.retryAfter;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A copy with more context; errors are immutable once thrown. */
  with(changes: Partial<IlsAuthErrorOptions> & { code?: IlsAuthErrorCode; message?: string }): IlsAuthError {
    return new IlsAuthError(changes.code ?? this.code, changes.message ?? this.message, {
      status: changes.status ?? this.status,
      provider: changes.provider ?? this.provider,
      retryable: changes.retryable ?? this.retryable,
      reauthRequired: changes.reauthRequired ?? this.reauthRequired,
      providerError: changes.providerError ?? this.providerError,
      retryAfter: changes.retryAfter ?? this.retryAfter,
      cause: changes.cause ?? this.cause,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      provider: this.provider,
      retryable: this.retryable,
      reauthRequired: this.reauthRequired,
      providerError: this.providerError,
      retryAfter: this.retryAfter,
    };
  }

  // The default inspect would print `cause`, which may be a low-level fetch error carrying request details.
  [inspect.custom](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n  ${inspect(this.toJSON(), { breakLength: Infinity })}`;
  }
}

/** True for an IlsAuthError from any copy of @ils-auth/core loaded in this process. */
export function isIlsAuthError(value: unknown): value is IlsAuthError {
  return value instanceof IlsAuthError;
}
