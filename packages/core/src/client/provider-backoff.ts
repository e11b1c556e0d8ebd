import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import { publishEvent } from '../observability/events.js';
import { registerHealthSource } from '../observability/health.js';
import type { TokenStore } from '../store/token-store.js';
import type { TokenSet } from '../tokens/token-set.js';

/** Exponential backoff without `Retry-After`: 1 s, 2 s, 4 s … up to a minute, each with random jitter. */
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;

/** Errors that say "the provider cannot serve now"; anything else is answered at once, every time. */
const OUTAGE_CODES: ReadonlySet<string> = new Set(['provider_unavailable', 'rate_limited', 'timeout']);

/**
 * Codes with which a provider refuses the application itself (its client id or secret, its grant, its
 * scope): until a token request succeeds again, the key is unhealthy. A patron's refused refresh token
 * (`invalid_grant`) says nothing about the application and is not among them.
 */
const CLIENT_REFUSAL_CODES: ReadonlySet<string> = new Set([
  'invalid_client',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
]);

/** Whether a token request failed for an outage, which the backoff reports itself (one line each way). */
export function isOutageError(error: unknown): boolean {
  return error instanceof IlsAuthError && OUTAGE_CODES.has(error.code);
}

export interface BackoffSettings {
  /** The provider's id, for messages and logs. */
  provider: string;
  store: TokenStore;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

/** Where a token key stands, for health checks. */
export interface BackoffState {
  backingOff: boolean;
  /** Epoch ms until which token requests fail fast; undefined when not backing off. */
  until: number | undefined;
  /** Failed windows in a row: failed requests, counting those that failed together (in one window) once. */
  failures: number;
}

/** The provider's last refusal of the application's own credentials, until a token request succeeds. */
export interface ClientRefusal {
  /** The error code (`invalid_client`, …); never the provider's text, which may echo a secret. */
  code: string;
  /** The HTTP status the token endpoint answered. */
  status: number | undefined;
  /** Epoch ms of the refused request. */
  at: number;
}

/** What other processes learn through the store: when requests may resume, and after how many failures. */
interface SharedBackoff {
  until: number;
  failures: number;
}

interface Outage {
  startedAt: number;
  tokenRequests: number;
  failedFast: number;
  lastCode: string;
}

/**
 * Token requests for one token key while its provider is down. After a failed request (5xx, 429,
 * timeout, no connection) every caller in the process fails fast with `provider_unavailable` and a
 * `retryAfter` until the provider's `Retry-After` has passed, or else an exponentially growing, jittered
 * delay; the delay is also written to the store, so other processes sharing it hold back as well. One
 * log line marks the start of an outage and one its end, with counts, instead of a line per request.
 */
export class ProviderBackoff {
  #until = 0;
  #failures = 0;
  #outage: Outage | undefined;
  #validUntil: number | undefined;
  #lastRefreshAt: number | undefined;
  #refused: ClientRefusal | undefined;
  /** Whether the one request that finds out if the provider is back, after an outage's window, is under way. */
  #probing = false;

  constructor(
    private readonly key: string,
    private readonly settings: BackoffSettings,
  ) {
    registerHealthSource(() => this.#health());
  }

  /** Runs one token request unless the provider is being backed off from; learns from its outcome. */
  run(request: () => Promise<TokenSet>): Promise<TokenSet> {
    const { provider } = this.settings;
    return this.attempt(async () => {
      const started = this.settings.clock();
      publishEvent({ type: 'token.requested', provider, slot: this.key });
      try {
        const token = await request();
        this.#refused = undefined;
        this.#validUntil = token.expiresAt;
        this.#lastRefreshAt = this.settings.clock();
        const durationMs = this.#lastRefreshAt - started;
        publishEvent({
          type: 'token.refreshed',
          provider,
          slot: this.key,
          expiresAt: token.expiresAt,
          durationMs,
        });
        return token;
      } catch (error) {
        const code = error instanceof IlsAuthError ? error.code : 'unexpected';
        const status = error instanceof IlsAuthError ? error.status : undefined;
        const durationMs = this.settings.clock() - started;
        publishEvent({ type: 'token.failed', provider, slot: this.key, code, status, durationMs });
        if (CLIENT_REFUSAL_CODES.has(code)) this.#refused = { code, status, at: this.settings.clock() };
        throw error;
      }
    });
  }

  /**
   * Runs one request to the provider (a token request, or a patron check that owns its transport, as
   * SIP2's does) unless the provider is being backed off from; an outage starts or extends the backoff,
   * a success ends it. When an outage's window has passed, one request goes to the provider and the others
   * fail fast until it has its answer, so a crowd of callers does not reach a provider that may still be
   * down all at once. `request` is given `admit`, to call before it reaches the provider again after
   * waiting (for a pooled connection, say): it fails fast if an outage began meanwhile.
   */
  async attempt<T>(request: (admit: () => void) => Promise<T>): Promise<T> {
    this.#failFastIfWaiting();
    await this.#adoptShared();
    this.#failFastIfWaiting();
    const probe = this.#outage !== undefined;
    if (probe) {
      if (this.#probing) this.#failFast(1);
      this.#probing = true;
    }
    let result: T;
    // A refusal by `admit` is the backoff's own answer, not news from the provider: it extends nothing.
    let refusedByAdmit = false;
    const admit = () => {
      refusedByAdmit = this.settings.clock() < this.#until;
      this.#failFastIfWaiting();
    };
    try {
      result = await request(admit);
    } catch (error) {
      if (refusedByAdmit || !isOutageError(error)) throw error;
      throw await this.#failed(error as IlsAuthError);
    } finally {
      if (probe) this.#probing = false;
    }
    await this.#recovered();
    return result;
  }

  state(): BackoffState {
    const backingOff = this.settings.clock() < this.#until;
    return { backingOff, until: backingOff ? this.#until : undefined, failures: this.#failures };
  }

  #health() {
    const backoff = this.state();
    const mode = (this.settings.store as { mode?: unknown }).mode;
    const tokenValid = this.#validUntil !== undefined && this.settings.clock() < this.#validUntil;
    return {
      provider: this.settings.provider,
      slot: this.key,
      tokenValidUntil: this.#validUntil,
      lastRefreshAt: this.#lastRefreshAt,
      backoff,
      ...(this.#refused ? { refused: { ...this.#refused } } : {}),
      storeMode: typeof mode === 'string' ? mode : 'memory',
      // A refused secret is unhealthy at once, valid token or not: the next request for one will fail too.
      healthy: (!backoff.backingOff || tokenValid) && this.#refused === undefined,
    };
  }

  #failFastIfWaiting(): void {
    const now = this.settings.clock();
    if (now >= this.#until) return;
    this.#failFast(Math.max(1, Math.ceil((this.#until - now) / 1000)));
  }

  #failFast(retryAfter: number): never {
    if (this.#outage) this.#outage.failedFast += 1;
    publishEvent({
      type: 'token.backing_off',
      provider: this.settings.provider,
      slot: this.key,
      retryAfterSeconds: retryAfter,
    });
    throw new IlsAuthError(
      'provider_unavailable',
      `${this.settings.provider} is unavailable; token requests resume in ${retryAfter} s`,
      { provider: this.settings.provider, retryAfter },
    );
  }

  /** Another process's backoff, when the store has one: the provider is down for us too. */
  async #adoptShared(): Promise<void> {
    const shared = decodeShared(await this.settings.store.get(this.#sharedKey).catch(() => undefined));
    if (!shared || shared.until <= this.#until) return;
    this.#until = shared.until;
    this.#failures = Math.max(this.#failures, shared.failures);
    this.#outage ??= this.#startOutage('provider_unavailable', true);
  }

  async #failed(error: IlsAuthError): Promise<IlsAuthError> {
    const now = this.settings.clock();
    // Requests that were under way together fail together: one failed window, not one step per request
    // (a pool of SIP2 connections would otherwise jump the delay by as many steps as it has connections).
    if (now >= this.#until) this.#failures += 1;
    const delayMs =
      error.retryAfter !== undefined
        ? Math.max(BASE_DELAY_MS, error.retryAfter * 1000)
        : this.#exponentialDelay();
    this.#until = Math.max(this.#until, now + delayMs);
    if (this.#outage) this.#outage.lastCode = error.code;
    else this.#outage = this.#startOutage(error.code, false);
    this.#outage.tokenRequests += 1;
    const shared: SharedBackoff = { until: this.#until, failures: this.#failures };
    await this.settings.store.set(this.#sharedKey, JSON.stringify(shared), delayMs).catch(() => {});
    return error.with({ retryAfter: Math.ceil((this.#until - now) / 1000) });
  }

  async #recovered(): Promise<void> {
    const outage = this.#outage;
    this.#failures = 0;
    this.#until = 0;
    this.#outage = undefined;
    if (!outage) return;
    await this.settings.store.delete(this.#sharedKey).catch(() => {});
    this.settings.logger.warn('ils-auth: provider outage ended; token requests succeed again', {
      provider: this.settings.provider,
      slot: this.key,
      durationMs: Math.round(this.settings.clock() - outage.startedAt),
      failedTokenRequests: outage.tokenRequests,
      failedFast: outage.failedFast,
      lastCode: outage.lastCode,
    });
  }

  #startOutage(code: string, learnedFromStore: boolean): Outage {
    this.settings.logger.warn('ils-auth: provider outage started; token requests back off', {
      provider: this.settings.provider,
      slot: this.key,
      code,
      retryAfterSeconds: Math.ceil((this.#until - this.settings.clock()) / 1000),
      learnedFromStore,
    });
    return { startedAt: this.settings.clock(), tokenRequests: 0, failedFast: 0, lastCode: code };
  }

  /** Equal jitter: half the exponential step is kept, the other half is random, so processes spread out. */
  #exponentialDelay(): number {
    const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (this.#failures - 1));
    return step / 2 + (step / 2) * (this.settings.random ?? Math.random)();
  }

  get #sharedKey(): string {
    return `${this.key}:backoff`;
  }
}

function decodeShared(value: string | undefined): SharedBackoff | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<SharedBackoff>;
    return typeof parsed.until === 'number' && typeof parsed.failures === 'number'
      ? { until: parsed.until, failures: parsed.failures }
      : undefined;
  } catch {
    return undefined;
  }
}

const backoffsByStore = new WeakMap<object, Map<string, ProviderBackoff>>();

/**
 * The backoff of one token key in one store: every client of the process that uses the same store and key
 * shares it, as they share the token and its single-flight refresh.
 */
export function backoffFor(key: string, settings: BackoffSettings): ProviderBackoff {
  let byKey = backoffsByStore.get(settings.store);
  if (!byKey) {
    byKey = new Map();
    backoffsByStore.set(settings.store, byKey);
  }
  let backoff = byKey.get(key);
  if (!backoff) {
    backoff = new ProviderBackoff(key, settings);
    byKey.set(key, backoff);
  }
  return backoff;
}
