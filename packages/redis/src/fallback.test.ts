import { randomBytes } from 'node:crypto';
import { createClient, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { CuttableProxy, RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';
import { eventually, recordingLogger } from './testing/recording-logger.js';
import { TOMBSTONE } from './tombstone.js';

const binary = redisServerForTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FALLBACK = /Redis is unreachable/;
const RECOVERED = /Redis is reachable again/;
const KEY = randomBytes(32);

/** Runs `op` and returns how long it took, so tests can prove nothing waits on an absent Redis. */
async function timed<T>(op: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await op();
  return { value, ms: performance.now() - started };
}

describe.skipIf(!binary)('RedisStore when Redis goes away', () => {
  let server: RedisServer;
  let raw: Redis;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await RedisServer.launch(binary as string);
    raw = new Redis(server.url, { retryStrategy: () => 50 });
    raw.on('error', () => {});
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.kill();
  });

  it('keeps working in process memory when Redis is killed, warns once, and goes back to Redis after a restart', async () => {
    const logger = recordingLogger();
    const store = new RedisStore({ url: server.url, encryption: false, keyPrefix: 'kill:', logger });
    cleanups.push(() => store.close());
    await store.set('before', 'b', 60_000);
    expect(store.mode).toBe('redis');

    await server.kill();
    const slowest = { ms: 0 };
    const work = Array.from({ length: 200 }, async (_, i) => {
      const op = await timed(async () => {
        await store.set(`k${i}`, `v${i}`, 60_000);
        return store.get(`k${i}`);
      });
      slowest.ms = Math.max(slowest.ms, op.ms);
      return op.value;
    });
    const values = await Promise.all(work);
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
    expect(store.mode).toBe('fallback');
    expect(slowest.ms).toBeLessThan(900); // never the 1 s command timeout: nothing waited on Redis
    await store.delete('k0');
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.deleteIfValue('k1', 'not v1')).toBe(false);
    expect(await store.deleteIfValue('k1', 'v1')).toBe(true);
    expect(logger.warnings(FALLBACK)).toBe(1);
    const [warning] = logger.lines;
    expect(warning?.context).toEqual({ store: 'RedisStore', reason: expect.stringMatching(/^[\w: ]+$/) });

    // In-process exclusion still holds while the cluster lock is away.
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        store.withLock('refresh:lock', 5_000, async () => {
          most = Math.max(most, ++inside);
          await sleep(10);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);

    await server.start(); // same port, empty: no persistence
    await eventually(() => store.mode === 'redis', 'the store to use Redis again');
    expect(logger.warnings(RECOVERED)).toBe(1);
    expect(logger.warnings(FALLBACK)).toBe(1);
    // What was written during the outage was copied over; what was deleted stays deleted.
    expect(await raw.get('kill:k5')).toBe('v5');
    expect(await raw.pttl('kill:k5')).toBeGreaterThan(50_000);
    expect(await raw.get('kill:k0')).toBe(TOMBSTONE);
    expect(await raw.get('kill:k1')).toBe(TOMBSTONE);
    expect(await store.get('k0')).toBeUndefined();
    await store.set('after', 'a', 60_000);
    expect(await raw.get('kill:after')).toBe('a');
    expect(logger.lines).toHaveLength(2);
  });

  it('keeps a logout made during a partition, and brings a session started during it to Redis', async () => {
    const proxy = await CuttableProxy.start(server.port);
    cleanups.push(() => proxy.close());
    const logger = recordingLogger();
    const store = new RedisStore({ url: proxy.url, encryption: false, keyPrefix: 'part:', logger });
    cleanups.push(() => store.close());
    await store.set('session:old', 'old record', 60_000);
    await store.set('session:kept', 'kept record', 60_000);

    proxy.cut();
    await store.delete('session:old'); // a patron logs out during the outage
    await store.set('session:new', 'new record', 60_000); // another signs in
    expect(store.mode).toBe('fallback');
    expect(await store.get('session:new')).toBe('new record');
    // Redis itself still has the logged-out session until the store is back.
    expect(await raw.get('part:session:old')).toBe('old record');

    proxy.restore();
    await eventually(() => store.mode === 'redis', 'the store to use Redis again');
    // A tombstone that lives as long as the session would have.
    expect(await raw.get('part:session:old')).toBe(TOMBSTONE);
    expect(await raw.pttl('part:session:old')).toBeLessThanOrEqual(60_000);
    expect(await raw.get('part:session:new')).toBe('new record');
    expect(await raw.get('part:session:kept')).toBe('kept record');
    const other = new RedisStore({ url: server.url, encryption: false, keyPrefix: 'part:' });
    cleanups.push(() => other.close());
    expect(await other.get('session:new')).toBe('new record');
    expect(logger.warnings(FALLBACK)).toBe(1);
  });

  it('lets a logout made during an outage win over a write another process made during it', async () => {
    const proxies = await Promise.all([CuttableProxy.start(server.port), CuttableProxy.start(server.port)]);
    const [loggedOut, refreshed] = proxies.map((proxy) => {
      const store = new RedisStore({ url: proxy.url, encryptionKey: KEY, keyPrefix: 'tomb:' });
      cleanups.push(
        () => store.close(),
        () => proxy.close(),
      );
      return store;
    }) as [RedisStore, RedisStore];
    await loggedOut.set('session:s', 'record v1', 60_000);
    expect(await refreshed.get('session:s')).toBe('record v1');

    for (const proxy of proxies) proxy.cut();
    await loggedOut.delete('session:s'); // the patron logs out on one process
    await refreshed.set('session:s', 'record v2', 60_000); // another refreshes the session's tokens
    expect(refreshed.mode).toBe('fallback');

    // The logout is copied first; the other process's later copy must not bring the session back.
    proxies[0]?.restore();
    await eventually(() => loggedOut.mode === 'redis', 'the logging-out process to use Redis again');
    proxies[1]?.restore();
    await eventually(() => refreshed.mode === 'redis', 'the refreshing process to use Redis again');
    await refreshed.set('session:t', 'record', 60_000);
    const fresh = new RedisStore({ url: server.url, encryptionKey: KEY, keyPrefix: 'tomb:' });
    cleanups.push(() => fresh.close());
    for (const store of [fresh, refreshed, loggedOut]) expect(await store.get('session:s')).toBeUndefined();
    expect(await fresh.get('session:t')).toBe('record');
  });

  it('does not hang on a Redis that stops answering: each call gives up after commandTimeoutMs', async () => {
    const proxy = await CuttableProxy.start(server.port);
    cleanups.push(() => proxy.close());
    const logger = recordingLogger();
    const store = new RedisStore({
      url: proxy.url,
      encryption: false,
      keyPrefix: 'hang:',
      commandTimeoutMs: 150,
      logger,
    });
    cleanups.push(() => store.close());
    await store.set('k', 'v', 60_000);

    proxy.blackhole();
    const first = await timed(() => store.get('k').catch((error: unknown) => error));
    expect(first.ms).toBeGreaterThanOrEqual(140);
    expect(first.ms).toBeLessThan(1_000);
    // Redis' copy is out of reach and process memory has none: unknown, not absent (core must not take it
    // for a logged-out session).
    expect(first.value).toMatchObject({ code: 'store_unavailable', retryAfter: expect.any(Number) });
    const next = await timed(() => store.set('k', 'local', 60_000).then(() => store.get('k')));
    expect(next.value).toBe('local');
    expect(next.ms).toBeLessThan(140); // below the 150 ms timeout: Redis is no longer asked
    expect(logger.warnings(FALLBACK)).toBe(1);
    expect(logger.lines[0]?.context?.reason).toBe('ETIMEDOUT');

    proxy.restore();
    await eventually(() => store.mode === 'redis', 'the store to use Redis again');
    expect(await raw.get('hang:k')).toBe('local');
  });

  it('does not wait on a client of the caller with ioredis defaults (offline queue, 20 retries)', async () => {
    if (!server.running) await server.start();
    const client = new Redis(server.url);
    client.on('error', () => {});
    cleanups.push(() => client.disconnect());
    const logger = recordingLogger();
    const store = new RedisStore({ client, encryption: false, keyPrefix: 'theirs:', logger });
    cleanups.push(() => store.close());
    await store.set('k', 'v', 60_000);
    expect(store.mode).toBe('redis');

    await server.kill();
    const during = await timed(() => store.set('k', 'local', 60_000).then(() => store.get('k')));
    expect(during.value).toBe('local');
    expect(during.ms).toBeLessThan(2_000);
    const next = await timed(() => store.get('k'));
    expect(next.ms).toBeLessThan(200);
    expect(logger.warnings(FALLBACK)).toBe(1);

    await server.start();
    await eventually(() => store.mode === 'redis', 'the store to use Redis again');
    expect(await raw.get('theirs:k')).toBe('local');
  });

  it('falls back within the connect timeout when Redis is not there at start-up', async () => {
    const absent = await RedisServer.launch(binary as string);
    await absent.kill(); // a port where nothing listens
    const logger = recordingLogger();
    const store = new RedisStore({ url: absent.url, encryption: false, keyPrefix: 'absent:', logger });
    cleanups.push(() => store.close());
    const first = await timed(() =>
      Promise.all(
        Array.from({ length: 50 }, () => store.get('k').catch((error: { code: string }) => error.code)),
      ),
    );
    expect(first.ms).toBeLessThan(1_500);
    expect(new Set(first.value)).toEqual(new Set(['store_unavailable']));
    const rest = await timed(async () => {
      for (let i = 0; i < 100; i++) await store.set(`k${i}`, 'v', 60_000);
    });
    expect(rest.ms).toBeLessThan(500);
    expect(await store.get('k99')).toBe('v');
    expect(logger.warnings(FALLBACK)).toBe(1);

    await absent.start();
    cleanups.push(() => absent.kill());
    await eventually(() => store.mode === 'redis', 'the store to find Redis');
  });

  describe('under core', () => {
    let emulator: SierraEmulator;
    beforeAll(async () => {
      emulator = await startSierra();
    });
    afterAll(() => emulator?.close());

    it('serves every API call through a Redis outage and a Sierra restart, with one token request', async () => {
      if (!server.running) await server.start();
      const logger = recordingLogger();
      const store = new RedisStore({ url: server.url, encryption: false, keyPrefix: 'core:', logger });
      cleanups.push(() => store.close());
      const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), {
        store,
        logger,
      });
      expect((await client.fetch('/bibs/1000004')).status).toBe(200);
      emulator.controls.clearRequests();

      await server.kill();
      emulator.controls.restart(); // every token revoked: each process must refresh, now without Redis
      const statuses = await Promise.all(
        Array.from({ length: 200 }, async () => (await client.fetch('/bibs/1000004')).status),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(emulator.controls.tokenRequests()).toBe(1);
      expect(store.mode).toBe('fallback');
      expect(logger.warnings(FALLBACK)).toBe(1);

      await server.start();
      await eventually(() => store.mode === 'redis', 'the store to use Redis again');
      const keys = await raw.keys('core:*');
      expect(keys).toHaveLength(1); // the token fetched during the outage, copied over
      expect(logger.lines.every((l) => !JSON.stringify(l).includes(emulator.credentials.clientSecret))).toBe(
        true,
      );
    });
  });
});
