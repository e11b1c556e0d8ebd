import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NOT_AT_ONCE } from '../internal/at-once.js';
import { MemoryStore, readAtOnce } from './memory-store.js';
import type { TokenStore } from './token-store.js';

describe('MemoryStore', () => {
  it('expires entries after their TTL', async () => {
    let now = 1_000;
    const store = new MemoryStore({ clock: () => now });
    await store.set('k', 'v', 500);
    expect(await store.get('k')).toBe('v');
    now = 1_499;
    expect(await store.get('k')).toBe('v');
    now = 1_500;
    expect(await store.get('k')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('c', '3', 60_000);
    await store.get('a'); // a is now the most recently used
    await store.set('d', '4', 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('1');
    expect(store.size).toBe(3);
  });

  it('runs withLock callers on one key one after the other, and others in parallel', async () => {
    const store = new MemoryStore();
    const order: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      order.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      store.withLock('x', 1000, slow('first', 30)),
      store.withLock('x', 1000, slow('second', 1)),
      store.withLock('y', 1000, slow('other', 1)),
    ]);
    expect(results).toEqual(['first', 'second', 'other']);
    expect(order.indexOf('first end')).toBeLessThan(order.indexOf('second start'));
    expect(order.indexOf('other end')).toBeLessThan(order.indexOf('first end'));
  });

  it('keeps the lock usable after a failing holder', async () => {
    const store = new MemoryStore();
    await expect(store.withLock('x', 1000, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await store.withLock('x', 1000, async () => 'ok')).toBe('ok');
  });

  it('prints its size, never its values', async () => {
    const store = new MemoryStore();
    await store.set('k', 'secret-token-value', 1000);
    expect(inspect(store)).toBe('MemoryStore { size: 1, maxEntries: 100000 }');
    expect(JSON.stringify(store)).not.toContain('secret-token-value');
  });

  it('refuses a nonsensical maxEntries', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });

  it("core's synchronous read (readAtOnce) is get's answer, expiry and recency included, for its own get only", async () => {
    let now = 1_000;
    const store = new MemoryStore({ maxEntries: 2, clock: () => now });
    await store.set('a', '1', 500);
    await store.set('b', '2', 60_000);
    expect(readAtOnce(store, 'a')).toBe('1'); // a is now the most recently used
    await store.set('c', '3', 60_000);
    expect(readAtOnce(store, 'b')).toBeUndefined();
    now = 1_500;
    expect(readAtOnce(store, 'a')).toBeUndefined();
    expect(readAtOnce(store, 'c')).toBe('3');

    class LoggedStore extends MemoryStore {
      override async get(key: string): Promise<string | undefined> {
        return super.get(key);
      }
    }
    const patched = new MemoryStore();
    patched.get = async () => 'from the patch';
    const elsewhere: TokenStore = {
      ...new MemoryStore(),
      get: async () => 'remote',
    } as unknown as TokenStore;
    for (const other of [new LoggedStore(), patched, elsewhere])
      expect(readAtOnce(other, 'a')).toBe(NOT_AT_ONCE);
  });
});
