import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IpcWorker } from '@ils-auth/test-support/workers';

export interface WorkerConfig {
  redisUrl: string;
  sierraUrl: string;
  clientId: string;
  clientSecret: string;
  keyPrefix: string;
}

export interface RunOutcome {
  ok: number;
  failed: number;
  failures: string[];
}

export interface WorkerStatus {
  mode: string;
  log: { level: string; message: string; context?: Record<string, unknown> }[];
}

const WORKER = fileURLToPath(new URL('./token-worker.mjs', import.meta.url));

/** A separate Node process running token-worker.mjs (or another worker of the same protocol). */
export type TokenWorker = IpcWorker;

export const TokenWorker = {
  /** `script`: another worker of the same protocol (`library-system-worker.mjs`) with its own config. */
  start: (config: WorkerConfig | Record<string, unknown>, script = WORKER): Promise<TokenWorker> =>
    IpcWorker.start(config, script),
};

/**
 * The workers load the built package (they run in plain `node`); a dist older than the source would test
 * yesterday's code. turbo's `test` task builds first; by hand, run `npx tsup`.
 */
export function assertDistIsFresh(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  let dist: number;
  try {
    dist = statSync(`${root}dist/index.js`).mtimeMs;
  } catch {
    throw new Error('packages/redis/dist is missing: run `npx tsup` first (turbo runs build before test)');
  }
  const sources = readdirSync(`${root}src`).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const newest = Math.max(...sources.map((f) => statSync(`${root}src/${f}`).mtimeMs));
  if (newest > dist)
    throw new Error(
      'packages/redis/dist is older than src: run `npx tsup` first (turbo runs build before test)',
    );
}
