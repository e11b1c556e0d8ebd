import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A real redis-server for the tests, on a free loopback port, with no persistence. `kill()` and
 * `start()` again on the same port are what the outage tests need.
 */
export class RedisServer {
  #process: ChildProcess | undefined;

  private constructor(
    readonly binary: string,
    readonly port: number,
  ) {}

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

  static async launch(binary: string): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(binary, await freePort());
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
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
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
    child.kill('SIGKILL');
    await exited;
  }

  /** Restarts on the same port (empty, as a real restart without persistence). */
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
