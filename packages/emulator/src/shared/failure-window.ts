import type { Clock } from './clock.js';

/**
 * Failed attempts per key (an account, a user name) within a sliding window of emulator time: the
 * lockouts of systems that block an account after N failures in M seconds. While blocked, even the
 * right password is refused; the block ends when the oldest counted failure leaves the window.
 */
export class FailureWindow {
  #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  record(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.clock.now());
    this.#failures.set(key, recent);
  }

  /** Forgets a key's failures (a successful sign-in resets the count). */
  reset(key: string): void {
    this.#failures.delete(key);
  }

  isBlocked(key: string): boolean {
    return this.#recent(key).length >= this.limit;
  }

  clear(): void {
    this.#failures.clear();
  }

  #recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent;
  }
}
