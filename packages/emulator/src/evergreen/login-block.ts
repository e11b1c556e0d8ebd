import type { Clock } from '../shared/clock.js';

/**
 * Evergreen's brute-force block (`oilsAuthLoginVerifyPassword`, `auth_limits` in opensrf.xml): failed
 * passwords are counted per user name in a cache entry that lives `block_time` seconds from the latest
 * failure; at `block_count` failures every attempt fails, the right password too, without counting more.
 */
export class LoginBlock {
  #failures = new Map<string, { count: number; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    readonly blockCount = 10,
    readonly blockTimeSeconds = 90,
  ) {}

  isBlocked(username: string): boolean {
    return this.#live(username).count >= this.blockCount;
  }

  recordFailure(username: string): void {
    const count = this.#live(username).count + 1;
    this.#failures.set(username, { count, expiresAt: this.clock.now() + this.blockTimeSeconds * 1000 });
  }

  clear(): void {
    this.#failures.clear();
  }

  #live(username: string): { count: number } {
    const entry = this.#failures.get(username);
    if (!entry || this.clock.now() >= entry.expiresAt) {
      this.#failures.delete(username);
      return { count: 0 };
    }
    return entry;
  }
}
