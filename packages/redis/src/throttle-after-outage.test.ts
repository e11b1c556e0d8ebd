import { LoginThrottle } from '@ils-auth/core/web';
import { CuttableProxy, RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';
import { eventually, recordingLogger } from './testing/recording-logger.js';

const binary = redisServerForTests();
const SECRET = 'a throttle secret of at least thirty-two characters';
const LIMITS = { barcode: { max: 5, windowSeconds: 900 }, ip: { max: 1_000, windowSeconds: 900 } };
const FALLBACK = /Redis is unreachable/;

/** How many of `tries` wrong-PIN attempts the throttle lets through to the provider. */
async function guessesAllowed(throttle: LoginThrottle, barcode: string, tries: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < tries; i++) {
    try {
      const attempt = await throttle.reserve('sierra', barcode, '127.0.0.1');
      allowed++;
      await attempt.failed();
    } catch (error) {
      if ((error as { code?: string }).code !== 'rate_limited') throw error;
    }
  }
  return allowed;
}

describe.skipIf(!binary)('the PIN throttle on RedisStore after an outage', () => {
  let server: RedisServer;
  let raw: Redis;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await RedisServer.launch(binary as string);
    raw = new Redis(server.url);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.kill();
  });

  it('refuses a PIN sign-in it cannot count during an outage, and the card keeps its count after recovery: no tombstone in a counter, no second fallback', async () => {
    const proxy = await CuttableProxy.start(server.port);
    const logger = recordingLogger();
    const store = new RedisStore({ url: proxy.url, encryption: false, keyPrefix: 'blip:', logger });
    cleanups.push(
      () => proxy.close(),
      () => store.close(),
    );
    const throttle = new LoginThrottle(store, SECRET, 'ils', LIMITS, Date.now);
    await store.set('warm', 'up', 60_000);

    expect(await guessesAllowed(throttle, '21913000000002', 2)).toBe(2);

    proxy.cut();
    // A right PIN during the outage. It used to be let through, and its reset of the card's counter (a delete)
    // was copied to Redis as a tombstone, on which every later INCRBY failed.
    const during = await throttle.reserve('sierra', '21913000000002', '127.0.0.1').catch((error) => error);
    if (!(during instanceof Error)) await during.succeeded();
    expect(during).toMatchObject({ code: 'store_unavailable', retryAfter: expect.any(Number) });
    await store.delete('session:x'); // a logout during the outage: copied to Redis as a tombstone
    proxy.restore();
    await eventually(() => store.mode === 'redis', 'the store to use Redis again');

    // The limit is 5 per 15 minutes, whatever happened during the outage, and stays so past the next probe.
    expect(await guessesAllowed(throttle, '21913000000002', 10)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await guessesAllowed(throttle, '21913000000002', 10)).toBe(0);
    expect(store.mode).toBe('redis');
    expect(logger.warnings(FALLBACK)).toBe(1);
    const keys = await raw.keys('blip:ils:throttle:barcode:*');
    expect(keys).toHaveLength(1);
    expect(await raw.get(keys[0] as string)).toBe('5');
  });

  it('an increment on a key that holds a tombstone starts a counter instead of failing', async () => {
    const store = new RedisStore({ url: server.url, encryption: false, keyPrefix: 'tomb:' });
    cleanups.push(() => store.close());
    await store.set('warm', 'up', 60_000);
    // What a delete made during an outage leaves behind once it is copied to Redis.
    await raw.set('tomb:counter', '\u0000ils-auth:deleted', 'PX', 60_000);
    expect(await store.increment('counter', 1, 900_000)).toEqual({ value: 1, ttlMs: expect.any(Number) });
    expect(await raw.get('tomb:counter')).toBe('1');
    expect(store.mode).toBe('redis');
  });
});
