import { fileURLToPath } from 'node:url';
import { readmeExampleName, runReadmeExample } from '@ils-auth/test-support';
import {
  RedisCluster,
  RedisServer,
  redisClusterForTests,
  redisServerForTests,
} from '@ils-auth/test-support/redis';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const binary = redisServerForTests();
const clusterAvailable = redisClusterForTests();

/** Runs the README's example marked `<!-- marker -->` as a script (loading dist/) and returns its stdout. */
async function runExample(marker: string, env: Record<string, string>): Promise<string> {
  return (await runReadmeExample(packageDir, readmeExampleName(marker), { env, timeoutMs: 30_000 })).stdout;
}

describe('README', () => {
  it.skipIf(!binary)('has an example that runs as written on a real redis-server', async () => {
    const server = await RedisServer.launch(binary as string);
    try {
      const stdout = await runExample('readme-example', { REDIS_URL: server.url });
      expect(stdout).toBe('200 The left hand of darkness redis\n');
    } finally {
      await server.kill();
    }
  });

  it.skipIf(!clusterAvailable)(
    'has a Cluster example that runs as written on a real 3-node cluster',
    { timeout: 90_000 },
    async () => {
      const cluster = await RedisCluster.launch();
      try {
        const nodes = cluster.ports.map((port) => `127.0.0.1:${port}`).join(',');
        const stdout = await runExample('readme-example:cluster', { REDIS_CLUSTER_NODES: nodes });
        expect(stdout).toContain('callers: 200 tokens: 1');
        expect(stdout).toContain('token requests: 1');
        expect(stdout).toContain('key: my-app:{ils-auth:app:sierra:<fingerprint>}');
        expect(stdout).toContain('one slot: true');
      } finally {
        await cluster.stop();
      }
    },
  );
});
