/**
 * Where tokens and patron sessions live. Values are opaque strings (ils-auth serializes and, in
 * @ils-auth/redis, may encrypt them); keys never contain a raw barcode, PIN, session id or token.
 * Implementations: `MemoryStore` here, `RedisStore` in @ils-auth/redis.
 */
export interface TokenStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` until `ttlMs` from now; a store may drop it earlier (eviction), never keep it longer. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes `key` only while it still holds exactly `expected`, atomically, and says whether it did.
   * Optional, but stores used by several callers at once should have it: dropping a refused token must
   * never delete the fresh token another caller stored a moment before (a read-then-delete would).
   */
  deleteIfValue?(key: string, expected: string): Promise<boolean>;
  /**
   * Runs `fn` while holding a short lock on `key`, so that only one process at a time refreshes a token.
   * Stores shared between processes should implement it; without it refresh is single-flight per process.
   * `ttlMs` bounds how long a crashed holder can block the others.
   */
  withLock?<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Stores `value` only when `key` holds nothing, atomically, and says whether it did. The web layer uses it
   * so that one sign-in transaction is used once even when two deliveries of its callback race (a double
   * click, a retrying proxy). Stores shared between processes should implement it; without it the web layer
   * falls back to `withLock`, and without that to a read-then-write that only one process can trust.
   */
  setIfAbsent?(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Adds `by` (±) to the integer counter at `key`, atomically, and returns the new count with the time it
   * has left. A counter is created at 0 with `ttlMs` to live; later increments keep its expiry (a window
   * starts at its first count). A count that falls to 0 or below deletes the key. The PIN throttle counts
   * with it, so that 20 parallel guesses can never all see "under the limit".
   */
  increment?(key: string, by: number, ttlMs: number): Promise<CounterValue>;
}

/** What `TokenStore.increment` returns. */
export interface CounterValue {
  /** The count after the increment; 0 when the key was deleted. */
  value: number;
  /** Milliseconds until the counter expires; 0 when it is gone. */
  ttlMs: number;
}
