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
}
