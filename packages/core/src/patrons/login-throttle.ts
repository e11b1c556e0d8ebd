import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { TokenStore } from '../store/token-store.js';

export interface ThrottleLimit {
  /** Failed sign-ins allowed in one window. */
  max: number;
  /** Length of the window, in seconds; it starts at the first failure. */
  windowSeconds: number;
}

export const DEFAULT_BARCODE_LIMIT: ThrottleLimit = { max: 5, windowSeconds: 15 * 60 };
export const DEFAULT_IP_LIMIT: ThrottleLimit = { max: 20, windowSeconds: 15 * 60 };

interface Counter {
  count: number;
  resetAt: number;
}

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
 * Limits PIN guessing per card and per client IP, for every framework adapter (a PIN is often 4 digits). An attempt is counted before the PIN is checked (so
 * parallel guesses cannot slip past the limit) and given back unless it failed. Keys hold an HMAC of the
 * card number and IP under the application secret: a plain hash of a 14-digit barcode is reversible by
 * brute force, an HMAC is not without the secret.
 */
export class LoginThrottle {
  readonly #hmacKey: Buffer;

  constructor(
    private readonly store: TokenStore,
    secret: string,
    private readonly keyPrefix: string,
    private readonly limits: { barcode: ThrottleLimit; ip: ThrottleLimit },
    private readonly clock: () => number,
  ) {
    this.#hmacKey = createHmac('sha256', secret).update('ils-auth login throttle').digest();
  }

  /** Counts one attempt, or throws `rate_limited` (429, `retryAfter` in seconds) when a limit is reached. */
  async reserve(provider: string, barcode: string, ip: string | undefined): Promise<ThrottleAttempt> {
    // Per card, not per provider: Sierra and OverDrive check the same PIN of the same card.
    const barcodeKey = this.key('barcode', barcode);
    const ipKey = ip ? this.key('ip', ip) : undefined;
    await this.refuseIfOverLimit(provider, barcodeKey, ipKey);
    await this.change(barcodeKey, this.limits.barcode, +1);
    if (ipKey) await this.change(ipKey, this.limits.ip, +1);
    let settled = false;
    const settle = async (work: () => Promise<void>) => {
      if (settled) return;
      settled = true;
      await work();
    };
    return {
      succeeded: () =>
        settle(async () => {
          await this.store.delete(barcodeKey);
          if (ipKey) await this.change(ipKey, this.limits.ip, -1);
        }),
      failed: () => settle(async () => {}),
      abandoned: () =>
        settle(async () => {
          await this.change(barcodeKey, this.limits.barcode, -1);
          if (ipKey) await this.change(ipKey, this.limits.ip, -1);
        }),
    };
  }

  private async refuseIfOverLimit(provider: string, barcodeKey: string, ipKey: string | undefined) {
    const now = this.clock();
    const checks: [string | undefined, ThrottleLimit][] = [
      [barcodeKey, this.limits.barcode],
      [ipKey, this.limits.ip],
    ];
    for (const [key, limit] of checks) {
      if (!key) continue;
      const counter = await this.read(key, now);
      if (counter && counter.count >= limit.max) {
        const retryAfter = Math.max(1, Math.ceil((counter.resetAt - now) / 1000));
        throw new IlsAuthError('rate_limited', 'too many failed sign-in attempts; try again later', {
          provider,
          status: 429,
          retryAfter,
          retryable: true,
        });
      }
    }
  }

  private async change(key: string, limit: ThrottleLimit, delta: 1 | -1): Promise<void> {
    const update = async () => {
      const now = this.clock();
      const counter = (await this.read(key, now)) ?? { count: 0, resetAt: now + limit.windowSeconds * 1000 };
      const count = counter.count + delta;
      if (count <= 0) return this.store.delete(key);
      await this.store.set(key, JSON.stringify({ count, resetAt: counter.resetAt }), counter.resetAt - now);
    };
    // Read-modify-write: under the store's lock when it has one, so processes sharing Redis count exactly.
    await (this.store.withLock ? this.store.withLock(`${key}:lock`, 5_000, update) : update());
  }

  private async read(key: string, now: number): Promise<Counter | undefined> {
    const value = await this.store.get(key);
    if (value === undefined) return undefined;
    try {
      const counter = JSON.parse(value) as Counter;
      if (typeof counter.count !== 'number' || typeof counter.resetAt !== 'number') return undefined;
      return counter.resetAt > now ? counter : undefined;
    } catch {
      return undefined;
    }
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
