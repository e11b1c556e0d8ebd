import { MemoryStore } from '../store/memory-store.js';
import { storeUnavailable } from '../store/store-unavailable.js';
import type { CounterValue, TokenStore } from '../store/token-store.js';

/**
 * A `MemoryStore` behind a switch, as a custom store over a database that goes away: while off, every
 * operation says `store_unavailable` instead of guessing, which is what core asks of a store in an outage.
 * For the outage tests of every package (the adapters import it by path, as the OIDC test server).
 */
export class SwitchableStore implements TokenStore {
  #down = false;

  constructor(private readonly inner: MemoryStore = new MemoryStore()) {}

  switchOff(): void {
    this.#down = true;
  }

  switchOn(): void {
    this.#down = false;
  }

  get(key: string): Promise<string | undefined> {
    return this.#unlessOff(() => this.inner.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#unlessOff(() => this.inner.set(key, value, ttlMs));
  }

  delete(key: string): Promise<void> {
    return this.#unlessOff(() => this.inner.delete(key));
  }

  deleteIfValue(key: string, expected: string): Promise<boolean> {
    return this.#unlessOff(() => this.inner.deleteIfValue(key, expected));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#unlessOff(() => this.inner.setIfAbsent(key, value, ttlMs));
  }

  increment(key: string, by: number, ttlMs: number): Promise<CounterValue> {
    return this.#unlessOff(() => this.inner.increment(key, by, ttlMs));
  }

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    return this.#unlessOff(() => this.inner.withLock(key, ttlMs, fn));
  }

  #unlessOff<T>(operation: () => Promise<T>): Promise<T> {
    return this.#down ? Promise.reject(storeUnavailable('the test switched the store off')) : operation();
  }
}
