import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './testing/recording-logger.js';
import {
  assertDistIsFresh,
  type RunOutcome,
  TokenWorker,
  type WorkerStatus,
} from './testing/token-workers.js';

const binary = redisServerForTests();
const PROCESSES = 4;
const FALLBACK = /Redis is unreachable/;
const RECOVERED = /Redis is reachable again/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binary)('several processes sharing one Redis', { timeout: 60_000 }, () => {
  let server: RedisServer;
  let raw: Redis;
  let emulator: SierraEmulator;
  let workers: TokenWorker[] = [];
  let prefixCount = 0;

  const startWorkers = async () => {
    const keyPrefix = `xp${++prefixCount}:`;
    workers = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        TokenWorker.start({
          redisUrl: server.url,
          sierraUrl: emulator.url,
          keyPrefix,
          ...emulator.credentials,
        }),
      ),
    );
    return keyPrefix;
  };
  const all = <T>(type: string, args: Record<string, unknown> = {}) =>
    Promise.all(workers.map((w) => w.ask<T>(type, args)));

  beforeAll(async () => {
    assertDistIsFresh();
    server = await RedisServer.launch(binary as string);
    raw = new Redis(server.url, { retryStrategy: () => 50 });
    raw.on('error', () => {});
    emulator = await startSierra();
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    if (!server.running) await server.start();
    emulator.controls.clearRequests();
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.kill();
    await emulator?.close();
  });

  it('makes exactly one token request for many concurrent cold-cache calls in several processes', async () => {
    const keyPrefix = await startWorkers();
    emulator.controls.clearRequests();
    const answers = await all<{ fingerprints: string[] }>('tokens', { calls: 250 });
    expect(emulator.controls.tokenRequests()).toBe(1);
    const fingerprints = new Set(answers.flatMap((a) => a.fingerprints));
    expect(fingerprints.size).toBe(1); // every call in every process got the same token
    expect(await raw.keys(`${keyPrefix}*`)).toHaveLength(1); // the token; the lock is gone
  });

  it('costs at most one token request per process when Sierra restarts under load', async () => {
    await startWorkers();
    await all('fetch', { calls: 20 });
    emulator.controls.clearRequests();

    const running = all<RunOutcome>('run', { durationMs: 1_500, concurrency: 10 });
    await sleep(500);
    emulator.controls.restart(); // revokes every token
    const outcomes = await running;

    for (const outcome of outcomes) expect(outcome).toMatchObject({ failed: 0 });
    expect(outcomes.every((o) => o.ok > 0)).toBe(true);
    const tokenRequests = emulator.controls.tokenRequests();
    expect(tokenRequests).toBeGreaterThanOrEqual(1);
    // One process renews and the others adopt its token from Redis: 1 in all, as a rule (core drops the
    // refused token with deleteIfValue, so nobody deletes the fresh one). The contract is one per process.
    expect(tokenRequests).toBeLessThanOrEqual(PROCESSES);
  });

  it('keeps serving when Redis is killed mid-run (one warning per process) and goes back to Redis', async () => {
    const keyPrefix = await startWorkers();
    await all('fetch', { calls: 10 });
    emulator.controls.clearRequests();

    const running = all<RunOutcome>('run', { durationMs: 2_000, concurrency: 10 });
    await sleep(400);
    await server.kill();
    await sleep(400);
    emulator.controls.restart(); // tokens must be renewed now, without Redis
    const outcomes = await running;

    for (const outcome of outcomes) expect(outcome).toMatchObject({ failed: 0 });
    // Without the shared store each process renews for itself, once: in-process single-flight holds.
    expect(emulator.controls.tokenRequests()).toBe(PROCESSES);
    for (const status of await all<WorkerStatus>('status')) {
      expect(status.mode).toBe('fallback');
      expect(status.log.filter((l) => FALLBACK.test(l.message))).toHaveLength(1);
    }

    await server.start();
    await eventually(
      async () => (await all<WorkerStatus>('status')).every((s) => s.mode === 'redis'),
      'every process to use Redis again',
    );
    for (const status of await all<WorkerStatus>('status')) {
      expect(status.log.filter((l) => FALLBACK.test(l.message))).toHaveLength(1);
      expect(status.log.filter((l) => RECOVERED.test(l.message))).toHaveLength(1);
    }
    expect(await raw.keys(`${keyPrefix}*`)).toHaveLength(1); // the outage's token, copied back

    // Shared again: a process started now takes the token from Redis instead of asking Sierra.
    const before = emulator.controls.tokenRequests();
    const latecomer = await TokenWorker.start({
      redisUrl: server.url,
      sierraUrl: emulator.url,
      keyPrefix,
      ...emulator.credentials,
    });
    workers.push(latecomer);
    expect(await latecomer.ask('fetch', { calls: 20 })).toMatchObject({ ok: 20, failed: 0 });
    expect(emulator.controls.tokenRequests()).toBe(before);
  });
});
