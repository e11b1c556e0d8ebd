import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** A separate Node process running token-worker.mjs; `ask` sends one command and awaits its answer. */
export class TokenWorker {
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`worker failed: ${message.error}`));
      else waiter?.resolve(message.result);
    });
    child.once('exit', (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`worker exited (${code})`));
      this.#pending.clear();
    });
  }

  /** `script`: another worker of the same protocol (`library-system-worker.mjs`) with its own config. */
  static async start(config: WorkerConfig | Record<string, unknown>, script = WORKER): Promise<TokenWorker> {
    const child = fork(script, [], {
      env: { ...process.env, ILS_AUTH_TEST_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new TokenWorker(child);
    await new Promise<void>((resolve, reject) => {
      worker.#pending.set(0, { resolve: () => resolve(), reject });
    });
    return worker;
  }

  ask<T>(type: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, type, ...args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask('exit').catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}

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
