import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { incrementCounter } from '../store/atomic-operations.js';
import { MemoryStore } from '../store/memory-store.js';
import { storeUnavailable } from '../store/store-unavailable.js';
import type { CounterValue, TokenStore } from '../store/token-store.js';
import { type IpThrottleLimit, throttleAddressKey } from './throttle-address-key.js';

export interface ThrottleLimit {
  /** Failed sign-ins allowed in one window. */
  max: number;
  /** Length of the window, in seconds; it starts at the first failure. */
  windowSeconds: number;
}

export const DEFAULT_BARCODE_LIMIT: ThrottleLimit = { max: 5, windowSeconds: 15 * 60 };
export const DEFAULT_IP_LIMIT: ThrottleLimit = { max: 20, windowSeconds: 15 * 60 };

/**
 * What the throttle does when its store cannot count (Redis unreachable):
 * - `refuse` (the default): PIN sign-ins are refused with `store_unavailable` (503, `Retry-After`) until
 *   it can count again. Patrons already signed in are not affected; nobody can guess a PIN.
 * - `count-per-process`: each process counts alone until the store is back, so with N processes a card
 *   gets up to N times its limit during the outage; the counts are added to the shared ones afterwards.
 */
export type ThrottleStoreOutage = 'refuse' | 'count-per-process';

// A count made during an outage is added to the shared counter at the next count that reaches the store.
const LOCAL_COUNTERS_MAX = 100_000;

/** One sign-in attempt that holds a place in its counters until the outcome is known. */
export interface ThrottleAttempt {
  /** The credentials were right: the card's counter starts again; the IP keeps its failures. */
  succeeded(): Promise<void>;
  /** The credentials were wrong: the attempt stays counted. */
  failed(): Promise<void>;
  /** Something else went wrong (provider down): the attempt is given back. */
  abandoned(): Promise<void>;
}

/**
 * The card number as the throttle counts it: ` LibCard42`, `libcard42` and `LIBCARD42` are one card to the
 * ILS, so they are one counter here (otherwise each spelling would get its own guesses).
 */
export function normalizeBarcode(barcode: string): string {
  return barcode.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Limits PIN guessing per card and per client IP, in every framework adapter (a PIN is often 4 digits).
 * An attempt is counted *before* the PIN is checked, with one atomic store increment per counter: of 20
 * parallel guesses for one card with a limit of 5, exactly 5 see a count within the limit and reach the
 * provider, in one process or many sharing Redis. The place is given back unless the PIN was wrong. Keys
 * hold an HMAC of the card number and IP under the application secret: a plain hash of a 14-digit barcode
 * is reversible by brute force, an HMAC is not without the secret.
 */
export class LoginThrottle {
  readonly #hmacKey: Buffer;
  // Counts made while the store could not count (`count-per-process` only), merged into it afterwards.
  readonly #local: MemoryStore | undefined;

  constructor(
    private readonly store: TokenStore,
    secret: string,
    private readonly keyPrefix: string,
    private readonly limits: { barcode: ThrottleLimit; ip: IpThrottleLimit },
    private readonly clock: () => number,
    private readonly duringStoreOutage: ThrottleStoreOutage = 'refuse',
  ) {
    this.#hmacKey = createHmac('sha256', secret).update('ils-auth login throttle').digest();
    this.#local =
      duringStoreOutage === 'count-per-process'
        ? new MemoryStore({ maxEntries: LOCAL_COUNTERS_MAX, clock })
        : undefined;
  }

  /**
   * Counts one attempt, or throws `rate_limited` (429, `retryAfter` in seconds) when a limit is reached,
   * or `store_unavailable` (503, `retryAfter`) when the store cannot count and `duringStoreOutage` is
   * `refuse`.
   */
  async reserve(provider: string, barcode: string, ip: string | undefined): Promise<ThrottleAttempt> {
    // Per card, not per provider: Sierra and OverDrive check the same PIN of the same card.
    const counters: [string, ThrottleLimit][] = [
      [this.key('barcode', normalizeBarcode(barcode)), this.limits.barcode],
    ];
    if (ip)
      counters.push([
        this.key('ip', throttleAddressKey(ip, this.limits.ip.ipv6PrefixLength)),
        this.limits.ip,
      ]);
    const taken: [string, ThrottleLimit][] = [];
    for (const [key, limit] of counters) {
      let count: CounterValue;
      try {
        count = await this.add(key, limit, +1);
      } catch (error) {
        await this.giveBack(taken);
        throw error;
      }
      taken.push([key, limit]);
      if (count.value > limit.max) {
        await this.giveBack(taken);
        throw new IlsAuthError('rate_limited', 'too many failed sign-in attempts; try again later', {
          provider,
          status: 429,
          retryAfter: Math.max(1, Math.ceil(count.ttlMs / 1000)),
          retryable: true,
        });
      }
    }
    let settled = false;
    const settle = (work: () => Promise<void>) => async () => {
      if (settled) return;
      settled = true;
      await work();
    };
    const [card, byIp] = taken;
    return {
      succeeded: settle(async () => {
        if (card) await this.reset(card);
        if (byIp) await this.giveBack([byIp]);
      }),
      failed: settle(async () => {}),
      abandoned: settle(() => this.giveBack(taken)),
    };
  }

  /**
   * Counts in the store. A count the store cannot make is never forgotten nor guessed: without the
   * per-process fallback the sign-in is refused; with it, the count is kept here and added to the store's
   * at the next count that reaches it.
   */
  private async add(key: string, limit: ThrottleLimit, by: number): Promise<CounterValue> {
    const ttlMs = limit.windowSeconds * 1000;
    const local = this.#local;
    const kept = local ? ((await local.get(key)) ?? '0') : '0';
    const pending = Number.parseInt(kept, 10) || 0;
    try {
      const count = await incrementCounter(this.store, key, by + pending, ttlMs, this.clock);
      if (local && pending !== 0) await local.delete(key);
      return count;
    } catch (error) {
      if (!local)
        throw storeUnavailable(
          'the sign-in throttle cannot count attempts, so PIN sign-ins are refused until it can',
          undefined,
          error,
        );
      return local.increment(key, by, ttlMs);
    }
  }

  /**
   * Gives a place back. A give-back the store cannot make is dropped: the counter then stays one higher
   * until its window ends, which refuses earlier, never later.
   */
  private async giveBack(counters: [string, ThrottleLimit][]): Promise<void> {
    for (const [key, limit] of counters) await this.add(key, limit, -1).catch(() => {});
  }

  /**
   * A right PIN starts the card's count again: one atomic decrement to zero, never a delete, so that an
   * outage store cannot replay it later over counts made since (and a reset it cannot make is dropped).
   */
  private async reset([key, limit]: [string, ThrottleLimit]): Promise<void> {
    await this.#local?.delete(key);
    await incrementCounter(
      this.store,
      key,
      -Number.MAX_SAFE_INTEGER,
      limit.windowSeconds * 1000,
      this.clock,
    ).catch(() => {});
  }

  private key(kind: 'barcode' | 'ip', value: string): string {
    const digest = createHmac('sha256', this.#hmacKey).update(value).digest('base64url').slice(0, 32);
    return `${this.keyPrefix}:throttle:${kind}:${digest}`;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'LoginThrottle', limits: this.limits, duringStoreOutage: this.duringStoreOutage };
  }

  [inspect.custom](): string {
    return `LoginThrottle ${JSON.stringify({ ...this.limits, duringStoreOutage: this.duringStoreOutage })}`;
  }
}
