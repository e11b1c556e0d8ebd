import { MemoryStore } from './memory-store.js';
import type { CounterValue, TokenStore } from './token-store.js';

/** A lock is held only for one read and one write; a crashed holder blocks others this long at most. */
const FALLBACK_LOCK_MS = 5_000;

/**
 * Marks `key` as used and says whether this caller was the first. Atomic with a store that has
 * `setIfAbsent` (MemoryStore, RedisStore); otherwise under the store's lock; a store with neither can only
 * promise it within one process, and says so in its own documentation.
 */
export async function claimOnce(store: TokenStore, key: string, ttlMs: number): Promise<boolean> {
  if (store.setIfAbsent) return store.setIfAbsent(key, '1', ttlMs);
  const claim = async () => {
    if ((await store.get(key)) !== undefined) return false;
    await store.set(key, '1', ttlMs);
    return true;
  };
  return store.withLock ? store.withLock(`${key}:lock`, FALLBACK_LOCK_MS, claim) : claim();
}

interface StoredCounter {
  count: number;
  resetAt: number;
}

/**
 * Adds `by` to a counter whose window of `ttlMs` starts at its first count. Atomic with a store that has
 * `increment`; otherwise a read-modify-write under the store's lock (or, without one, within a process).
 */
export async function incrementCounter(
  store: TokenStore,
  key: string,
  by: number,
  ttlMs: number,
  now: () => number,
): Promise<CounterValue> {
  if (store.increment) return store.increment(key, by, ttlMs);
  const update = async (): Promise<CounterValue> => {
    const at = now();
    const stored = parseCounter(await store.get(key), at);
    const count = (stored?.count ?? 0) + by;
    const resetAt = stored?.resetAt ?? at + ttlMs;
    if (count <= 0) {
      await store.delete(key);
      return { value: 0, ttlMs: 0 };
    }
    await store.set(key, JSON.stringify({ count, resetAt }), resetAt - at);
    return { value: count, ttlMs: resetAt - at };
  };
  return store.withLock ? store.withLock(`${key}:lock`, FALLBACK_LOCK_MS, update) : update();
}

function parseCounter(value: string | undefined, now: number): StoredCounter | undefined {
  if (value === undefined) return undefined;
  try {
    const counter = JSON.parse(value) as Partial<StoredCounter>;
    if (typeof counter.count !== 'number' || typeof counter.resetAt !== 'number') return undefined;
    return counter.resetAt > now ? (counter as StoredCounter) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `store` cannot keep a transaction single-use and a PIN count exact between processes, or undefined
 * when it can. `claimOnce` and `incrementCounter` fall back to a read-then-write that only one process can
 * trust; an application that runs several processes must not get that silently.
 */
export function crossProcessGap(
  store: TokenStore,
  uses: { claims: boolean; counts: boolean },
): string | undefined {
  if (store instanceof MemoryStore) return 'is a MemoryStore, which other processes cannot see';
  if (uses.claims && !store.setIfAbsent && !store.withLock)
    return 'has neither setIfAbsent nor withLock, so two processes could both use one sign-in callback';
  if (uses.counts && !store.increment && !store.withLock)
    return 'has neither increment nor withLock, so two processes could both count the same PIN guess';
  return undefined;
}
