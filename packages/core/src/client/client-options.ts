import { configError } from '../errors/config-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { DEFAULT_MAX_BODY_BYTES } from '../http/read-limited-body.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { type Logger, silentLogger } from '../internal/logger.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from './refresh-policy.js';

export interface ClientOptions {
  /** Where tokens live; default: a `MemoryStore` of this client's own. Share one store between clients. */
  store?: TokenStore;
  /** Sent on every request; Sierra asks API users to identify their application. */
  userAgent?: string;
  /** Milliseconds before a token request gives a `timeout` error. Default 10,000. */
  timeoutMs?: number;
  /**
   * Milliseconds before an API call through `fetch()` without response headers gives a `timeout` error.
   * Default 30,000. From 5,000 up, on Node's own `fetch`, undici enforces it (up to a second late).
   */
  requestTimeoutMs?: number;
  /**
   * Milliseconds a patron sign-in (code-flow callback or barcode + PIN) may take in total, every request it
   * makes included (metadata, signing keys, token, PIN check, app token, profile), bodies and all. Past it
   * the sign-in fails with a retryable `timeout`. Default 30,000.
   */
  signInTimeoutMs?: number;
  /** Largest token response accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * A token with less life left is never handed out (and never one within 1 s of expiry, whatever this
   * says). A token living less than twice this is served for the first half of its life. Default 30.
   */
  expirySkewSeconds?: number;
  /** A background refresh starts this long before the skew. Default 60. */
  refreshAheadSeconds?: number;
  /** Random extra for `refreshAheadSeconds`, so processes do not refresh in lockstep. Default 30. */
  jitterSeconds?: number;
  /** Prefix of every store key, so several apps can share one store. Default `ils-auth`. */
  keyPrefix?: string;
  /** Replaces the global `fetch` (for instrumentation or a custom dispatcher). */
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_USER_AGENT = 'ils-auth (+https://github.com/ils-auth/ils-auth)';

export interface ResolvedClientOptions {
  store: TokenStore;
  userAgent: string;
  requestTimeoutMs: number;
  signInTimeoutMs: number;
  keyPrefix: string;
  policy: RefreshPolicy;
  clock: Clock;
  logger: Logger;
  grantContext: GrantContext;
}

export function resolveClientOptions(owner: string, options: ClientOptions = {}): ResolvedClientOptions {
  const seconds = (name: keyof ClientOptions, fallbackMs: number): number => {
    const value = options[name];
    if (value === undefined) return fallbackMs;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw configError(owner, name, 'must be a number of seconds >= 0');
    return value * 1000;
  };
  const positive = (name: keyof ClientOptions, fallback: number): number => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw configError(owner, name, 'must be a positive number');
    return value;
  };
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n]/.test(userAgent)) {
    throw configError(owner, 'userAgent', 'must be a non-empty single-line string');
  }
  const keyPrefix = options.keyPrefix ?? 'ils-auth';
  if (typeof keyPrefix !== 'string' || !/^[\w.:-]{1,64}$/.test(keyPrefix)) {
    throw configError(owner, 'keyPrefix', 'must be 1-64 characters of letters, digits, "_", "-", "." or ":"');
  }
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function')
    throw configError(owner, 'fetch', 'must be a fetch function (Node.js >= 20 has one built in)');
  return {
    store: options.store ?? new MemoryStore({ clock }),
    userAgent,
    requestTimeoutMs: positive('requestTimeoutMs', 30_000),
    signInTimeoutMs: positive('signInTimeoutMs', 30_000),
    keyPrefix,
    policy: {
      expirySkewMs: seconds('expirySkewSeconds', DEFAULT_REFRESH_POLICY.expirySkewMs),
      refreshAheadMs: seconds('refreshAheadSeconds', DEFAULT_REFRESH_POLICY.refreshAheadMs),
      jitterMs: seconds('jitterSeconds', DEFAULT_REFRESH_POLICY.jitterMs),
    },
    clock,
    logger: options.logger ?? silentLogger,
    grantContext: {
      fetch: fetchImpl,
      timeoutMs: positive('timeoutMs', 10_000),
      maxBodyBytes: positive('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
      now: clock,
      userAgent,
      logger: options.logger ?? silentLogger,
    },
  };
}
