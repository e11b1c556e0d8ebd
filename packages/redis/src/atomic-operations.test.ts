import { LoginThrottle } from '@ils-auth/core/web';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store.js';
import { assertDistIsFresh, TokenWorker } from './testing/token-workers.js';

const binary = redisServerForTests();
const SECRET = 'a-shared-secret-of-at-least-32-chars!';

describe.skipIf(!binary)(
  'atomic setIfAbsent and increment on a real redis-server',
  { timeout: 60_000 },
  () => {
    let server: RedisServer;
    let raw: Redis;
    const stores: RedisStore[] = [];
    let workers: TokenWorker[] = [];
    const open = (keyPrefix: string, encryptionKey?: string) => {
      const store = new RedisStore({
        url: server.url,
        keyPrefix,
        ...(encryptionKey ? { encryptionKey } : { encryption: false as const }),
      });
      stores.push(store);
      return store;
    };

    beforeAll(async () => {
      assertDistIsFresh();
      server = await RedisServer.launch(binary as string);
      raw = new Redis(server.url);
    });
    afterEach(async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      workers = [];
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      raw?.disconnect();
      await server?.kill();
    });

    it('lets exactly one of many simultaneous setIfAbsent calls on four connections win, with the TTL set', async () => {
      const connections = [1, 2, 3, 4].map(() => open('claim:', 'ab'.repeat(32)));
      const won = await Promise.all(
        connections.flatMap((store) =>
          Array.from({ length: 10 }, () => store.setIfAbsent('state-x', '1', 60_000)),
        ),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await raw.pttl('claim:state-x')).toBeGreaterThan(59_000);
      expect(await connections[0]!.setIfAbsent('state-x', '1', 60_000)).toBe(false);
    });

    it('counts every increment exactly once across connections, keeps the window of the first, and deletes at zero', async () => {
      const connections = [1, 2, 3, 4].map(() => open('count:'));
      const counts = await Promise.all(
        connections.flatMap((store) => Array.from({ length: 5 }, () => store.increment('card', 1, 60_000))),
      );
      expect(counts.map((c) => c.value).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      for (const count of counts) expect(count.ttlMs).toBeGreaterThan(59_000);
      await raw.pexpire('count:card', 30_000);
      const later = await connections[0]!.increment('card', 1, 60_000);
      expect(later.value).toBe(21);
      expect(later.ttlMs).toBeLessThanOrEqual(30_000);
      expect((await connections[1]!.increment('card', -21, 60_000)).value).toBe(0);
      expect(await raw.exists('count:card')).toBe(0);
    });

    it('lets at most the limit of 20 parallel wrong PINs for one card through, in one process', async () => {
      const store = open('throttle-one:');
      const throttle = new LoginThrottle(
        store,
        SECRET,
        'app',
        { barcode: { max: 3, windowSeconds: 60 }, ip: { max: 100, windowSeconds: 60 } },
        Date.now,
      );
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, async () =>
          (await throttle.reserve('sierra', '21913000000001', '203.0.113.9')).failed(),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'rate_limited', status: 429 });
    });

    it('lets at most the limit of wrong PINs through across four processes, and one claim win among them', async () => {
      workers = await Promise.all(
        [1, 2, 3, 4].map(() =>
          TokenWorker.start({
            redisUrl: server.url,
            sierraUrl: 'http://127.0.0.1:9',
            keyPrefix: 'procs:',
            clientId: 'x',
            clientSecret: 'xxxxxxxx',
          }),
        ),
      );
      const guesses = await Promise.all(
        workers.map((w) => w.ask<{ through: number }>('guess', { barcode: ' LibCard42', calls: 5, max: 5 })),
      );
      expect(guesses.reduce((n, g) => n + g.through, 0)).toBe(5);
      const variant = await workers[0]!.ask<{ through: number }>('guess', {
        barcode: 'libcard42',
        calls: 1,
        max: 5,
      });
      expect(variant.through).toBe(0);
      const claims = await Promise.all(
        workers.map((w) => w.ask<{ won: number }>('claim', { key: 'cb', calls: 5 })),
      );
      expect(claims.reduce((n, c) => n + c.won, 0)).toBe(1);
    });
  },
);
