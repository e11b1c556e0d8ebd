import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
// The redis package's own helpers, shared rather than copied: a redis-server on a free loopback port (a
// missing binary fails the run when CI is set), and the forked worker processes it drives over IPC.
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { IpcWorker as TokenWorker } from '@ils-auth/test-support/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPackagesBuilt } from './built-packages.js';
import type { Credential } from './conformance-system.js';
import { coldCacheCount } from './expected-counts.js';
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

function describeCount(credential: Credential): string {
  if (credential.kind === 'static-key') return 'no credential request and no retry';
  return credential.scope === 'cluster'
    ? 'exactly one credential request across the cluster'
    : 'one login per pooled connection in each process';
}

describe.skipIf(!binary)(`${PROCESSES} processes × ${CALLERS} callers on a cold Redis cache`, () => {
  let server: RedisServer;
  let workers: TokenWorker[] = [];
  beforeAll(async () => {
    assertPackagesBuilt();
    server = await RedisServer.launch(binary as string);
    // Every process shares the store's prefix and key, as an application's processes do.
    const config = {
      redisUrl: server.url,
      storePrefix: `conformance:${randomBytes(4).toString('hex')}:`,
      encryptionKey: randomBytes(32).toString('hex'),
    };
    workers = await Promise.all(Array.from({ length: PROCESSES }, () => TokenWorker.start(config, WORKER)));
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await server?.kill();
  });

  for (const system of SYSTEMS) {
    it(`${system.name}: ${describeCount(system.credential)}, counted at the emulator`, {
      timeout: 120_000,
    }, async () => {
      const running = await system.start();
      try {
        // A key prefix no process has used: the cache is cold in Redis and in each process.
        const run = {
          recipe: running.descriptor,
          keyPrefix: `${system.name}-${randomBytes(4).toString('hex')}`,
          call: system.appCall,
          card: system.cards.valid.card,
          callers: CALLERS,
        };
        const before = running.counted();
        const outcomes = await Promise.all(workers.map((worker) => worker.ask<RunOutcome>('run', run)));
        expect(outcomes).toEqual(Array(PROCESSES).fill({ ok: CALLERS, failed: 0, failures: [] }));
        expect(running.counted() - before).toBe(coldCacheCount(system.credential, CALLERS, PROCESSES));
      } finally {
        await running.close();
      }
    });
  }
});
