import { randomBytes } from 'node:crypto';
import { MemoryStore, type TokenStore } from '@ils-auth/core';
import { storeUnavailable } from '@ils-auth/core/extend';
import { RedisStore } from '@ils-auth/redis';
// A MemoryStore behind a switch, for a custom store's outage.
import { SwitchableStore } from '@ils-auth/test-support';
// A redis-server on a free loopback port, and a proxy in front of it that a test can cut (connections
// reset, new ones refused).
import { CuttableProxy, RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import type { StoreOutage } from './store-outage.js';

export interface OpenStore {
  store: TokenStore;
  /** Takes this store away and brings it back, for the store-fault scenarios. */
  outage: StoreOutage;
  close(): Promise<void>;
}

// Longest wait, after an outage, for a RedisStore to serve from Redis again (ioredis reconnects on its own).
const RECOVERY_TIMEOUT_MS = 10_000;

/** A store the suite runs every integration with. */
export interface StoreKind {
  name: string;
  /** Why this store cannot run here; undefined when it can. */
  unavailable: string | undefined;
  open(): Promise<OpenStore>;
  /** Stops what `open()` needed (the redis-server). */
  stop(): Promise<void>;
}

export const memoryStore: StoreKind = {
  name: 'MemoryStore',
  unavailable: undefined,
  open: async () => {
    const store = new SwitchableStore(new MemoryStore(), storeUnavailable);
    const outage: StoreOutage = {
      begin: async () => store.switchOff(),
      end: async () => store.switchOn(),
    };
    return { store, outage, close: async () => {} };
  },
  stop: async () => {},
};

/**
 * A real RedisStore on one redis-server for the whole run, each harness under its own key prefix. With CI
 * set, a missing redis-server throws here and fails the run instead of skipping the Redis half.
 */
export function redisStore(): StoreKind {
  const binary = redisServerForTests();
  let server: Promise<RedisServer> | undefined;
  let opened = 0;
  return {
    name: 'RedisStore',
    unavailable: binary ? undefined : 'redis-server is not installed (set CI to make this a failure)',
    async open() {
      if (!binary) throw new Error('redis-server is not installed');
      server ??= RedisServer.launch(binary);
      // Each row's store reaches Redis through its own proxy: a row's outage is a network partition of
      // that app alone, and Redis keeps its data.
      const proxy = await CuttableProxy.start((await server).port);
      const store = new RedisStore({
        url: proxy.url,
        keyPrefix: `security-suite:${++opened}:`,
        encryptionKey: randomBytes(32),
      });
      const outage: StoreOutage = {
        begin: async () => proxy.cut(),
        end: async () => {
          proxy.restore();
          await servingFromRedis(store);
        },
      };
      return {
        store,
        outage,
        close: async () => {
          await store.close();
          await proxy.close();
        },
      };
    },
    async stop() {
      if (server) await (await server).kill();
    },
  };
}

/** Waits until the store has copied its outage writes back and serves from Redis again. */
async function servingFromRedis(store: RedisStore): Promise<void> {
  const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
  while (store.mode !== 'redis') {
    if (Date.now() > deadline)
      throw new Error(`the RedisStore still serves from memory ${RECOVERY_TIMEOUT_MS} ms after the outage`);
    // A request lets the store notice that Redis answers again.
    await store.get('recovery-probe').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
