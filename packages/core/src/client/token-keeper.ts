import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { TokenStore } from '../store/token-store.js';
import type { TokenSet } from '../tokens/token-set.js';
import { isOutageError } from './provider-backoff.js';
import { type RefreshPolicy, type TimedToken, timeToken } from './refresh-policy.js';
import { flightsFor, type SingleFlight } from './single-flight.js';
import type { TokenSlot } from './token-slot.js';

/** Gets a new token set; receives the newest one known (its refresh token is the one to use). */
export type ObtainToken = (latest: TokenSet | undefined) => Promise<TokenSet>;

export interface TokenKeeperOptions {
  store: TokenStore;
  policy: RefreshPolicy;
  clock: Clock;
  logger: Logger;
  /** How long a cross-process refresh lock may be held: the token request's timeout plus a margin. */
  lockTtlMs: number;
  /** Keep the token in process memory too, so the hot path touches no store (app tokens). */
  cacheLocally: boolean;
}

/**
 * Hands out a valid token for one slot, always:
 * - from process memory when it can (no store round trip on the hot path);
 * - refreshing in the background once the token enters its refresh window, while it is still served;
 * - waiting for a refresh only when the token is missing or inside the expiry skew;
 * - one refresh per slot per process (single-flight), and per cluster when the store can lock: inside the
 *   lock the store is read again, and a token another process already fetched is adopted, not re-fetched;
 * - the new token is written to the store before anyone receives it, so a rotated refresh token is never lost.
 */
export class TokenKeeper {
  #local: TimedToken | undefined;
  readonly #flights: SingleFlight<TokenSet>;
  /** Tokens this keeper fetched from the provider itself (not read from the store). */
  readonly #obtained = new WeakSet<TokenSet>();

  constructor(
    private readonly slot: TokenSlot,
    private readonly obtain: ObtainToken,
    private readonly options: TokenKeeperOptions,
  ) {
    this.#flights = flightsFor<TokenSet>(options.store);
  }

  async get(): Promise<TokenSet> {
    const now = this.options.clock();
    let timed = this.#local;
    if (!timed) {
      const stored = await this.slot.read();
      if (stored) timed = this.keep(timeToken(stored, this.options.policy));
    }
    return this.serve(timed, now) ?? this.refresh(timed?.token);
  }

  /**
   * The token from process memory when it can be handed out at `now` (a reading of `now()`) without
   * waiting for anything; undefined otherwise, and then `get()`. What `fetch()` tries first, so that a
   * cached token costs one clock reading and no promise.
   */
  ready(now: number): TokenSet | undefined {
    return this.serve(this.#local, now);
  }

  /** Refreshes now (joining a refresh already under way). `stale` is the token the caller found wanting. */
  async refresh(stale?: TokenSet): Promise<TokenSet> {
    const token = await this.#flights.run(this.slot.key, () => this.refreshOnce(stale));
    // A keeper that joined another keeper's flight caches the result too.
    if (this.options.cacheLocally && this.#local?.token !== token)
      this.#local = timeToken(token, this.options.policy);
    return token;
  }

  /**
   * A replacement for a token the provider just refused, for the one retry after a 401. Only a token
   * issued after the refused one was handed out (`handedOutAt`) is trusted: a token another process
   * stored earlier may have died in the same restart, so it is not adopted, and a new one is fetched
   * (still one request per slot, single-flight and under the store's lock). A token issued in the very
   * millisecond of the hand-out is trusted only when this keeper fetched it: on a fast connection the
   * refusal and the request for its replacement share a millisecond, and distrusting the replacement
   * would fetch a second one; a stored token of that millisecond may still be another process's dead one.
   */
  async replaceRejected(rejected: TokenSet, handedOutAt: number): Promise<TokenSet> {
    const trusted = (token: TokenSet | undefined): token is TokenSet =>
      token !== undefined &&
      token.accessToken !== rejected.accessToken &&
      token.issuedAt !== undefined &&
      (token.issuedAt > handedOutAt || (token.issuedAt === handedOutAt && this.#obtained.has(token))) &&
      this.options.clock() < timeToken(token, this.options.policy).usableUntil;
    if (this.#local?.token.accessToken === rejected.accessToken) this.#local = undefined;
    if (trusted(this.#local?.token)) return this.#local.token;
    await this.slot.clear(rejected.accessToken);
    // Joining a flight that another caller started for another reason may bring an untrusted token:
    // then run one of our own, once.
    const run = () => this.#flights.run(this.slot.key, () => this.refreshOnce(rejected, trusted));
    let token = await run();
    if (!trusted(token)) token = await run();
    if (this.options.cacheLocally) this.#local = timeToken(token, this.options.policy);
    return token;
  }

  /** The keeper's clock, so callers can say when a token was handed out. */
  now(): number {
    return this.options.clock();
  }

  /**
   * Forgets a token the provider refused. Only that token: if another caller already replaced it, the
   * replacement stays, which is what makes a provider restart cost one token request, not one per caller.
   */
  async invalidate(rejectedAccessToken?: string): Promise<void> {
    if (!rejectedAccessToken || this.#local?.token.accessToken === rejectedAccessToken)
      this.#local = undefined;
    await this.slot.clear(rejectedAccessToken);
  }

  /** Drops the process-memory copy only (the store keeps its value). */
  forgetLocal(): void {
    this.#local = undefined;
  }

  /** The token if it may still be served at `now`, starting its background refresh once that is due. */
  private serve(timed: TimedToken | undefined, now: number): TokenSet | undefined {
    if (!timed || now >= timed.usableUntil) return undefined;
    if (now >= timed.refreshAt) this.refreshInBackground(timed);
    return timed.token;
  }

  private refreshInBackground(timed: TimedToken): void {
    if (this.#flights.has(this.slot.key)) return;
    // Move the mark forward so that a failing refresh is retried every few seconds, not on every call.
    timed.refreshAt =
      this.options.clock() + Math.min(5_000, Math.max(0, timed.usableUntil - this.options.clock()) / 4);
    this.refresh(timed.token).catch((error: unknown) => {
      // An outage is logged by the provider's backoff, once when it starts and once when it ends.
      if (isOutageError(error)) return;
      this.options.logger.warn(
        'ils-auth: background token refresh failed; the current token is still served',
        {
          slot: this.slot.key,
          code: (error as { code?: unknown }).code,
        },
      );
    });
  }

  private async refreshOnce(
    stale: TokenSet | undefined,
    adoptable?: (token: TokenSet) => boolean,
  ): Promise<TokenSet> {
    const work = async (): Promise<TokenSet> => {
      const now = this.options.clock();
      const latest = await this.slot.read();
      if (latest && latest.accessToken !== stale?.accessToken) {
        // Someone else (another process, another keeper) already refreshed: use theirs.
        if (adoptable ? adoptable(latest) : now < timeToken(latest, this.options.policy).refreshAt)
          return latest;
      }
      const next = await this.obtain(latest ?? stale);
      this.#obtained.add(next);
      await this.slot.write(next);
      return next;
    };
    const { store } = this.options;
    return store.withLock ? store.withLock(`${this.slot.key}:lock`, this.options.lockTtlMs, work) : work();
  }

  private keep(timed: TimedToken): TimedToken {
    if (this.options.cacheLocally) this.#local = timed;
    return timed;
  }
}
