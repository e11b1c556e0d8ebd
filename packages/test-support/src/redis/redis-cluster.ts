import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real 3-master Redis Cluster on loopback for the tests: three `redis-server --cluster-enabled yes`
 * joined by `redis-cli --cluster create`, in a temporary directory that `stop()` removes.
 */
export class RedisCluster {
  private constructor(
    readonly ports: readonly number[],
    private readonly children: readonly ChildProcess[],
    private readonly dir: string,
  ) {}

  get nodes(): { host: string; port: number }[] {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }));
  }

  /**
   * Two clusters may start at once (the redis tests and the packaging test run in parallel), and any
   * process may hold a port a moment later: a node that cannot start is retried on other ports.
   */
  static async launch(attempts = 4): Promise<RedisCluster> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await RedisCluster.launchOnce(await freeClusterPorts());
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  private static async launchOnce(ports: number[]): Promise<RedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'ils-auth-cluster-'));
    const children = ports.map((port) =>
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      ),
    );
    const cluster = new RedisCluster(ports, children, dir);
    try {
      // A node that exits at once (its port was taken after all) fails this attempt now, not in 15 s.
      const exited = new Promise<never>((_, reject) => {
        for (const child of children)
          child.once('exit', (code) => reject(new Error(`a cluster node exited at start (code ${code})`)));
      });
      exited.catch(() => {});
      await Promise.race([
        Promise.all(ports.map((port) => waitFor(() => ping(port), `node ${port} to start`))),
        exited,
      ]);
      await run('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await waitFor(
        async () => (await clusterInfo(ports[0] as number)).includes('cluster_state:ok'),
        'the cluster to be ok',
      );
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Whether the cluster tests can run: on CI a missing binary fails the run instead of skipping it.
 */
export function redisClusterForTests(): boolean {
  const available = ['redis-server', 'redis-cli'].every(
    (binary) => spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0,
  );
  if (!available && process.env.CI)
    throw new Error(
      'redis-server and redis-cli are not installed (apt-get install redis-server redis-tools); CI must run the Redis Cluster tests',
    );
  return available;
}

/** Three ports p whose cluster-bus ports p + 10000 are free too, checked by binding each for a moment. */
async function freeClusterPorts(): Promise<number[]> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 3_000) * 3;
    const ports = [base, base + 1, base + 2];
    const free = await Promise.all(ports.flatMap((port) => [port, port + 10_000]).map(isFree));
    if (free.every(Boolean)) return ports;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function ping(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']).catch(() => ({ stdout: '' }));
  return stdout.trim() === 'PONG';
}

async function clusterInfo(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']).catch(() => ({
    stdout: '',
  }));
  return stdout;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
