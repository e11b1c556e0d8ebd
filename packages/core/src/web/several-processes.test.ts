import { describe, expect, it } from 'vitest';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';

const base = {
  secret: 'a-secret-of-at-least-thirty-two-characters',
  providers: {
    card: {
      provider: sierra({
        baseUrl: 'http://127.0.0.1:1',
        clientId: 'client-id',
        clientSecret: 'client-secret',
      }),
      signIn: 'pin' as const,
    },
  },
};

/** A custom store as an application might write one over its own database: get, set and delete only. */
function plainStore(): TokenStore {
  const inner = new MemoryStore();
  return { get: (k) => inner.get(k), set: (k, v, t) => inner.set(k, v, t), delete: (k) => inner.delete(k) };
}

const refusal = (options: object) => {
  try {
    new IlsAuthEngine({ ...base, ...options }, { owner: 'ilsAuth()' });
    return undefined;
  } catch (error) {
    return error as { code: string; message: string };
  }
};

describe('`processes`: a store without atomic operations is refused where several processes share it', () => {
  it('refuses a custom store with neither setIfAbsent nor withLock, and a MemoryStore, naming the option', () => {
    expect(refusal({ store: plainStore(), processes: 3 })).toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/`store` has neither setIfAbsent nor withLock.*processes: 3/),
    });
    expect(refusal({ processes: 2 })?.message).toMatch(/`store` is a MemoryStore/);
    const shared = {
      ...plainStore(),
      setIfAbsent: async () => true,
      increment: async () => ({ value: 1, ttlMs: 1 }),
    };
    expect(refusal({ store: shared, throttle: { store: plainStore() }, processes: 2 })?.message).toMatch(
      /`throttle.store` has neither increment nor withLock/,
    );
  });

  it('accepts them in one process (the default), and a store with the atomic operations in several', () => {
    expect(refusal({ store: plainStore() })).toBeUndefined();
    expect(refusal({ processes: 1 })).toBeUndefined();
    const locking = { ...plainStore(), withLock: <T>(_k: string, _t: number, fn: () => Promise<T>) => fn() };
    expect(refusal({ store: locking, processes: 4 })).toBeUndefined();
    expect(refusal({ processes: 0 })?.message).toMatch(/`processes` must be a whole number/);
  });
});
