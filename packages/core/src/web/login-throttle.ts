import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { incrementCounter } from '../store/atomic-operations.js';
import type { TokenStore } from '../store/token-store.js';
import { type IpThrottleLimit, throttleAddressKey } from './throttle-address-key.js';

export interface ThrottleLimit {
  /** Failed sign-ins allowed in one window. */
  max: number;
  /** Length of the window, in seconds; it starts at the first failure. */
  windowSeconds: number;
}

export const DEFAULT_BARCODE_LIMIT: ThrottleLimit = { max: 5, windowSeconds: 15 * 60 };
export const DEFAULT_IP_LIMIT: ThrottleLimit = { max: 20, windowSeconds: 15 * 60 };

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

  constructor(
    private readonly store: TokenStore,
    secret: string,
    private readonly keyPrefix: string,
    private readonly limits: { barcode: ThrottleLimit; ip: IpThrottleLimit },
    private readonly clock: () => number,
  ) {
    this.#hmacKey = createHmac('sha256', secret).update('ils-auth login throttle').digest();
  }

  /** Counts one attempt, or throws `rate_limited` (429, `retryAfter` in seconds) when a limit is reached. */
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
      const count = await this.add(key, limit, +1);
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
        if (card) await this.store.delete(card[0]);
        if (byIp) await this.giveBack([byIp]);
      }),
      failed: settle(async () => {}),
      abandoned: settle(() => this.giveBack(taken)),
    };
  }

  private add(key: string, limit: ThrottleLimit, by: number) {
    return incrementCounter(this.store, key, by, limit.windowSeconds * 1000, this.clock);
  }

  private async giveBack(counters: [string, ThrottleLimit][]): Promise<void> {
    for (const [key, limit] of counters) await this.add(key, limit, -1);
  }

  private key(kind: 'barcode' | 'ip', value: string): string {
    const digest = createHmac('sha256', this.#hmacKey).update(value).digest('base64url').slice(0, 32);
    return `${this.keyPrefix}:throttle:${kind}:${digest}`;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'LoginThrottle', limits: this.limits };
  }

  [inspect.custom](): string {
    return `LoginThrottle ${JSON.stringify(this.limits)}`;
  }
}
