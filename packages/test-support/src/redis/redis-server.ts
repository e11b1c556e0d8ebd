import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /**
   * Keeps the data across `kill()` and `start()` (an append-only file synced at every write), as a
   * production Redis that crashes and comes back: what the fault suite needs to check sessions survive.
   */
  persistent?: boolean;
}

/**
 * A real redis-server for the tests, on a free loopback port, with no persistence. `kill()` and
 * `start()` again on the same port are what the outage tests need.
 */
export class RedisServer {
  #process: ChildProcess | undefined;

  /** The append-only file's directory when persistent. */
  readonly #dir: string | undefined;

  private constructor(
    readonly binary: string,
    readonly port: number,
    options: RedisServerOptions,
  ) {
    this.#dir = options.persistent ? mkdtempSync(join(tmpdir(), 'ils-auth-redis-')) : undefined;
  }

  get running(): boolean {
    return this.#process !== undefined && this.#process.exitCode === null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The binary, or undefined when it is not installed. */
  static find(): string | undefined {
    const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    return probe.status === 0 ? binary : undefined;
  }

  static async launch(binary: string, options: RedisServerOptions = {}): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(binary, await freePort(), options);
      try {
        await server.start();
        return server;
      } catch (error) {
        // Another process may have taken the port between our check and redis' bind.
        if (attempt === 3) throw error;
      }
    }
  }

  async start(): Promise<void> {
    const child = spawn(
      this.binary,
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''],
        ...(this.#dir
          ? ['--dir', this.#dir, '--appendonly', 'yes', '--appendfsync', 'always']
          : ['--appendonly', 'no']),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error('redis-server did not start within 10 s')), 10_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => fail(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
      child.once('error', fail);
    });
  }

  /** SIGKILL: the abrupt outage the store must survive. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // A frozen process dies of SIGKILL all the same; SIGCONT first keeps its exit prompt.
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: Redis still holds its connections but answers nothing, as a server stuck in a long pause. */
  freeze(): void {
    this.#process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.#process?.kill('SIGCONT');
  }

  /** Kills the server and removes its data for good. */
  async remove(): Promise<void> {
    await this.kill();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }

  /** Restarts on the same port: empty, as a real restart without persistence, unless `persistent`. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * The redis-server binary for a test file: on CI a missing binary fails the run (the Redis tests are part
 * of what CI must prove); elsewhere the file's tests are skipped.
 */
export function redisServerForTests(): string | undefined {
  const binary = RedisServer.find();
  if (!binary && process.env.CI)
    throw new Error(
      'redis-server is not installed (apt-get install redis-server); CI must run the Redis tests',
    );
  return binary;
}

/**
 * A throwaway redis-server for a suite that cannot run without one (the packaging test's Redis examples):
 * it fails, never skips, when none is installed.
 */
export async function startRedisServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = RedisServer.find();
  if (!binary) throw new Error('cannot run redis-server: install redis-server or set REDIS_SERVER_BIN');
  const server = await RedisServer.launch(binary);
  return { url: server.url, stop: () => server.remove() };
}
