import { randomBytes } from 'node:crypto';
import { createClient, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { RedisCluster, redisClusterForTests } from '@ils-auth/test-support/redis';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';

const available = redisClusterForTests();

describe.skipIf(!available)('RedisStore on a real 3-node Redis Cluster', { timeout: 60_000 }, () => {
  let cluster: RedisCluster;
  let emulator: SierraEmulator;
  const clients: Cluster[] = [];
  const connect = () => {
    const client = new Cluster(cluster.nodes);
    clients.push(client);
    return client;
  };
  const encryptionKey = randomBytes(32);

  beforeAll(async () => {
    [cluster, emulator] = await Promise.all([RedisCluster.launch(), startSierra()]);
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await emulator?.close();
    await cluster?.stop();
  });

  it('keeps a token, its refresh lock and its backoff in one slot', async () => {
    const raw = connect();
    const store = new RedisStore({ client: connect(), encryptionKey, keyPrefix: 'app:' });
    const key = 'ils-auth:app:sierra:abc';
    await store.set(key, 'token', 60_000);
    expect(await raw.exists('app:{ils-auth:app:sierra:abc}')).toBe(1);
    const slots = await Promise.all(
      [
        'app:{ils-auth:app:sierra:abc}',
        'app:{ils-auth:app:sierra:abc}:lock',
        'app:{ils-auth:app:sierra:abc}:backoff',
      ].map((redisKey) => raw.cluster('KEYSLOT', redisKey)),
    );
    expect(new Set(slots).size).toBe(1);
    expect(await store.withLock(`${key}:lock`, 5_000, () => store.get(key))).toBe('token');
    expect(await store.setIfAbsent('once', 'a', 60_000)).toBe(true);
    expect(await store.setIfAbsent('once', 'b', 60_000)).toBe(false);
    expect(await store.increment('count', 2, 60_000)).toMatchObject({ value: 2 });
    expect(await store.deleteIfValue(key, 'token')).toBe(true);
    expect(await store.get(key)).toBeUndefined();
  });

  it('gives 2 × 200 concurrent callers on two connections one token request', async () => {
    const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    const stores = [connect(), connect()].map(
      (client) => new RedisStore({ client, encryptionKey, keyPrefix: 'stampede:' }),
    );
    emulator.controls.clearRequests();
    const tokens = await Promise.all(
      stores.flatMap((store) => {
        const client = createClient(provider, { store });
        return Array.from({ length: 200 }, () => client.getToken());
      }),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    expect(stores.map((store) => store.mode)).toEqual(['redis', 'redis']);
  });
});
