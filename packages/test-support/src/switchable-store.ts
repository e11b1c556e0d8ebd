/** The count a store's `increment` answers, as core's `CounterValue`. */
export interface CounterValue {
  value: number;
  ttlMs: number;
}

/**
 * Core's `TokenStore` with every optional operation present, as `MemoryStore` has them. Spelled out here
 * rather than imported: this package depends on no package of ours (core's own tests use it), and a
 * class of this shape is a `TokenStore` wherever core asks for one.
 */
export interface CompleteStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  deleteIfValue(key: string, expected: string): Promise<boolean>;
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  increment(key: string, by: number, ttlMs: number): Promise<CounterValue>;
  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
}

/**
 * A store behind a switch, as a custom store over a database that goes away: while off, every operation
 * fails with `unavailable()` instead of guessing, which is what core asks of a store in an outage. Give it
 * a `MemoryStore` and core's `storeUnavailable` (both exported by `@ils-auth/core`).
 */
export class SwitchableStore implements CompleteStore {
  #down = false;

  constructor(
    private readonly inner: CompleteStore,
    private readonly unavailable: (what: string) => Error,
  ) {}

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
    return this.#down ? Promise.reject(this.unavailable('the test switched the store off')) : operation();
  }
}
