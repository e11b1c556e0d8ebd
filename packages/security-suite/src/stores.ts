import { randomBytes } from 'node:crypto';
import { MemoryStore, type TokenStore } from '@ils-auth/core';
import { RedisStore } from '@ils-auth/redis';
// The redis package's own helper, shared rather than copied: it starts a redis-server on a free loopback port.
import { RedisServer, redisServerForTests } from '../../redis/src/testing/redis-server.js';

export interface OpenStore {
  store: TokenStore;
  close(): Promise<void>;
}

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
  open: async () => ({ store: new MemoryStore(), close: async () => {} }),
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
      const store = new RedisStore({
        url: (await server).url,
        keyPrefix: `security-suite:${++opened}:`,
        encryptionKey: randomBytes(32),
      });
      return { store, close: () => store.close() };
    },
    async stop() {
      if (server) await (await server).kill();
    },
  };
}
