import { describe, expect, it } from 'vitest';
import { claimOnce, incrementCounter } from './atomic-operations.js';
import { MemoryStore } from './memory-store.js';
import type { TokenStore } from './token-store.js';

/** A store with only get/set/delete (and optionally a lock) whose every call yields to the event loop. */
function plainStore(withLock: boolean): TokenStore {
  const inner = new MemoryStore();
  const later = () => new Promise((resolve) => setTimeout(resolve, 1));
  const store: TokenStore = {
    get: (key) => later().then(() => inner.get(key)),
    set: (key, value, ttl) => later().then(() => inner.set(key, value, ttl)),
    delete: (key) => later().then(() => inner.delete(key)),
  };
  if (withLock) store.withLock = (key, ttl, fn) => inner.withLock(key, ttl, fn);
  return store;
}

describe('claimOnce', () => {
  it('lets exactly one of 50 simultaneous claims win, with MemoryStore and with a store that only has a lock', async () => {
    for (const store of [new MemoryStore(), plainStore(true)]) {
      const won = await Promise.all(Array.from({ length: 50 }, () => claimOnce(store, 'state', 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
    }
  });

  it('frees the key when its TTL is over', async () => {
    let now = 0;
    const store = new MemoryStore({ clock: () => now });
    expect(await claimOnce(store, 'k', 1000)).toBe(true);
    expect(await claimOnce(store, 'k', 1000)).toBe(false);
    now = 1001;
    expect(await claimOnce(store, 'k', 1000)).toBe(true);
  });
});

describe('incrementCounter', () => {
  it('gives 20 simultaneous increments the counts 1..20, with MemoryStore and with a store that only has a lock', async () => {
    for (const store of [new MemoryStore(), plainStore(true)]) {
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => incrementCounter(store, 'card', 1, 60_000, Date.now)),
      );
      expect(counts.map((c) => c.value).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    }
  });

  it('keeps the window of the first count and deletes the counter at zero', async () => {
    let now = 1_000;
    const store = new MemoryStore({ clock: () => now });
    expect(await incrementCounter(store, 'c', 1, 10_000, () => now)).toEqual({ value: 1, ttlMs: 10_000 });
    now += 4_000;
    expect(await incrementCounter(store, 'c', 1, 10_000, () => now)).toEqual({ value: 2, ttlMs: 6_000 });
    expect(await incrementCounter(store, 'c', -2, 10_000, () => now)).toEqual({ value: 0, ttlMs: 0 });
    expect(store.size).toBe(0);
    now += 7_000;
    expect((await incrementCounter(store, 'c', 1, 10_000, () => now)).ttlMs).toBe(10_000);
  });
});
