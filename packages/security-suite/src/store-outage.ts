import { type CounterValue, type MemoryStore, storeUnavailable, type TokenStore } from '@ils-auth/core';

/** Switches a row's store off and on: what the store-fault scenarios do to it. */
export interface StoreOutage {
  /** From now on the store cannot answer. */
  begin(): Promise<void>;
  /** The store answers again; resolves once a request would reach it. */
  end(): Promise<void>;
}

/**
 * A `MemoryStore` behind a switch, as a custom store over a database that goes away: while off, every
 * operation says `store_unavailable` instead of guessing, which is what core asks of a store in an outage.
 */
export class SwitchableStore implements TokenStore {
  #down = false;

  constructor(private readonly inner: MemoryStore) {}

  readonly outage: StoreOutage = {
    begin: async () => {
      this.#down = true;
    },
    end: async () => {
      this.#down = false;
    },
  };

  get(key: string): Promise<string | undefined> {
    return this.#unlessDown(() => this.inner.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#unlessDown(() => this.inner.set(key, value, ttlMs));
  }

  delete(key: string): Promise<void> {
    return this.#unlessDown(() => this.inner.delete(key));
  }

  deleteIfValue(key: string, expected: string): Promise<boolean> {
    return this.#unlessDown(() => this.inner.deleteIfValue(key, expected));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#unlessDown(() => this.inner.setIfAbsent(key, value, ttlMs));
  }

  increment(key: string, by: number, ttlMs: number): Promise<CounterValue> {
    return this.#unlessDown(() => this.inner.increment(key, by, ttlMs));
  }

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    return this.#unlessDown(() => this.inner.withLock(key, ttlMs, fn));
  }

  #unlessDown<T>(operation: () => Promise<T>): Promise<T> {
    return this.#down ? Promise.reject(storeUnavailable('the test switched the store off')) : operation();
  }
}
