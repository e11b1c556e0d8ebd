import { fileURLToPath } from 'node:url';
import {
  startEvergreenEmulator,
  startFolioEmulator,
  startPolarisEmulator,
  startSymphonyEmulator,
} from '@ils-auth/emulator';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertDistIsFresh, type RunOutcome, TokenWorker } from './testing/token-workers.js';

const binary = redisServerForTests();
const PROCESSES = 4;
const CALLS = 200;
const WORKER = fileURLToPath(new URL('./testing/library-system-worker.mjs', import.meta.url));

interface LoginCounts {
  ok: number;
  failed: number;
  locked: number;
}
interface RunningSystem {
  options: Record<string, unknown>;
  path?: string;
  logins(): Record<string, LoginCounts | undefined>;
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** Each system's emulator, and what its descriptor takes. */
const systems: Record<string, () => Promise<RunningSystem>> = {
  async folio() {
    const e = await startFolioEmulator();
    return {
      options: { okapiUrl: e.url, ...e.credentials },
      path: 'users?query=username=="rita"',
      logins: () => e.controls.logins(),
      advance: (s) => e.controls.advance(s),
      close: () => e.close(),
    };
  },
  async polaris() {
    const e = await startPolarisEmulator();
    return {
      options: { baseUrl: e.baseUrl, ...e.credentials },
      path: 'search/patrons/boolean?q=PATB=21756000000001',
      logins: () => e.controls.logins(),
      advance: (s) => e.controls.advance(s),
      close: () => e.close(),
    };
  },
  async symphony() {
    const e = await startSymphonyEmulator();
    return {
      options: { baseUrl: e.baseUrl, ...e.credentials },
      path: 'user/patron/key/301001',
      logins: () => e.controls.logins(),
      advance: (s) => e.controls.advance(s),
      close: () => e.close(),
    };
  },
  async evergreen() {
    const e = await startEvergreenEmulator();
    return {
      options: { baseUrl: e.url, ...e.credentials },
      logins: () => e.controls.logins(),
      advance: (s) => e.controls.advance(s),
      close: () => e.close(),
    };
  },
};

describe.skipIf(!binary)(
  'library systems without OAuth: processes sharing one Redis',
  { timeout: 60_000 },
  () => {
    let server: RedisServer;
    let running: RunningSystem | undefined;
    let workers: TokenWorker[] = [];
    let prefixCount = 0;

    const startWorkers = async (system: string) => {
      running = await systems[system]?.();
      if (!running) throw new Error(`no emulator for ${system}`);
      const config = {
        redisUrl: server.url,
        keyPrefix: `ls${++prefixCount}:`,
        system,
        options: running.options,
        path: running.path,
      };
      workers = await Promise.all(Array.from({ length: PROCESSES }, () => TokenWorker.start(config, WORKER)));
      return running;
    };
    const all = <T>(type: string, args: Record<string, unknown> = {}) =>
      Promise.all(workers.map((worker) => worker.ask<T>(type, args)));

    beforeAll(async () => {
      assertDistIsFresh();
      server = await RedisServer.launch(binary as string);
    });
    afterEach(async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      workers = [];
      await running?.close();
      running = undefined;
    });
    afterAll(async () => {
      await server?.kill();
    });

    for (const system of Object.keys(systems)) {
      it(`${system}: ${PROCESSES} processes × ${CALLS} callers on a cold cache make exactly one staff login`, async () => {
        const emulator = await startWorkers(system);
        const outcomes = await all<RunOutcome>('calls', { calls: CALLS });
        for (const outcome of outcomes) expect(outcome).toEqual({ ok: CALLS, failed: 0, failures: [] });
        expect(emulator.logins().staff).toEqual({ ok: 1, failed: 0, locked: 0 });
      });
    }

    it('folio: near expiry, four processes refresh once with one refresh token, never presenting it twice', async () => {
      const emulator = await startWorkers('folio');
      await all('calls', { calls: 10 });
      await all('offset', { ms: 570_000 });
      emulator.advance(570);
      const outcomes = await all<RunOutcome>('calls', { calls: 50 });
      for (const outcome of outcomes) expect(outcome.failed).toBe(0);
      const logins = emulator.logins();
      expect(logins.staff?.ok).toBe(1);
      expect(logins.refresh?.ok).toBe(1);
      expect(logins['refresh-reuse']).toBeUndefined();
    });
  },
);
