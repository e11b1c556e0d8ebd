import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The redis package's own helpers, shared rather than copied: a redis-server on a free loopback port (a
// missing binary fails the run when CI is set), and the forked worker processes it drives over IPC.
import { RedisServer, redisServerForTests } from '../../redis/src/testing/redis-server.js';
import { TokenWorker } from '../../redis/src/testing/token-workers.js';
import { assertPackagesBuilt } from './built-packages.js';
import { SYSTEMS } from './systems/index.js';

const binary = redisServerForTests();
const PROCESSES = 4;
const CALLERS = 200;
const WORKER = fileURLToPath(new URL('./cluster-worker.mjs', import.meta.url));

interface RunOutcome {
  ok: number;
  failed: number;
  failures: string[];
}

describe.skipIf(!binary)(`${PROCESSES} processes × ${CALLERS} callers on a cold Redis cache`, () => {
  let server: RedisServer;
  beforeAll(async () => {
    assertPackagesBuilt();
    server = await RedisServer.launch(binary as string);
  });
  afterAll(() => server?.kill());

  for (const system of SYSTEMS) {
    const expected =
      system.credentialScope === 'cluster' ? 'exactly one' : 'one per pooled connection in each process';
    it(`${system.name}: ${expected} credential request, counted at the emulator`, {
      timeout: 60_000,
    }, async () => {
      const running = await system.start();
      const prefix = `conformance:${system.name}:${randomBytes(4).toString('hex')}`;
      const config = {
        redisUrl: server.url,
        storePrefix: `${prefix}:`,
        keyPrefix: prefix,
        encryptionKey: randomBytes(32).toString('hex'),
        recipe: running.descriptor,
        call: system.appCall,
        card: system.cards.valid.card,
      };
      const workers = await Promise.all(
        Array.from({ length: PROCESSES }, () => TokenWorker.start(config, WORKER)),
      );
      try {
        const before = running.credentialRequests();
        // Every process is up with its store connected before any calls: the callers meet one cold cache.
        const outcomes = await Promise.all(
          workers.map((worker) => worker.ask<RunOutcome>('run', { callers: CALLERS })),
        );
        expect(outcomes).toEqual(Array(PROCESSES).fill({ ok: CALLERS, failed: 0, failures: [] }));
        const perProcess = system.credentialScope === 'cluster' ? 1 : PROCESSES;
        expect(running.credentialRequests() - before).toBe(running.coldCacheRequests * perProcess);
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
        await running.close();
      }
    });
  }
});
