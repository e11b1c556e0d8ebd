// Benchmark 3: token stampede on a cold cache. (a) 10,000 concurrent getToken() in one process;
// (b) 8 processes x 1,000 concurrent getToken() sharing one Redis (RedisStore). Counted: token requests the
// emulator received (its request log). Target: exactly 1 in both. Each case runs twice: with an instant
// token endpoint, and with 100 ms of token-endpoint latency (a real Sierra's order), which keeps every
// caller waiting on the same refresh.
import { createClient, sierra } from '@ils-auth/core';
import { startSierra } from '@ils-auth/emulator';
import { startRedisServer } from './lib/redis-server.mjs';
import { finish, round, say } from './lib/report.mjs';
import { startWorkers } from './lib/workers.mjs';

const IN_PROCESS_CALLS = 10_000;
const PROCESSES = 8;
const CALLS_PER_PROCESS = 1_000;

const emulator = await startSierra();
const redis = await startRedisServer();
const rows = [];
let allOne = true;
try {
  for (const tokenLatencyMs of [0, 100]) {
    const slowTokens = () => {
      emulator.controls.clearFaults();
      if (tokenLatencyMs > 0)
        emulator.controls.inject({ endpoint: 'sierra.token', delayMs: tokenLatencyMs, times: 1_000 });
    };

    // (a) one process
    slowTokens();
    emulator.controls.clearRequests();
    const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
    const started = performance.now();
    const tokens = await Promise.all(Array.from({ length: IN_PROCESS_CALLS }, () => client.getToken()));
    const ms = performance.now() - started;
    const single = emulator.controls.tokenRequests();
    const distinct = new Set(tokens).size;
    say(
      `1 process x ${IN_PROCESS_CALLS}, token latency ${tokenLatencyMs} ms: ${single} token request(s), ${distinct} distinct token(s), ${round(ms, 0)} ms`,
    );
    rows.push([
      `1 process x ${IN_PROCESS_CALLS.toLocaleString('en')}`,
      `${tokenLatencyMs} ms`,
      String(single),
      String(distinct),
      `${round(ms, 0)} ms`,
    ]);
    allOne &&= single === 1 && distinct === 1;

    // (b) several processes, one Redis
    const workers = await startWorkers(PROCESSES, {
      redisUrl: redis.url,
      keyPrefix: `stampede-${tokenLatencyMs}:`,
      sierraUrl: emulator.url,
      ...emulator.credentials,
    });
    try {
      slowTokens();
      emulator.controls.clearRequests();
      const answers = await workers.all('tokens', { calls: CALLS_PER_PROCESS });
      const shared = emulator.controls.tokenRequests();
      const fingerprints = new Set(answers.flatMap((a) => a.fingerprints)).size;
      const slowest = Math.max(...answers.map((a) => a.ms));
      const warnings = (await workers.all('warnings')).flat();
      if (warnings.length > 0) say(`  warnings: ${[...new Set(warnings)].join(' / ')} (x${warnings.length})`);
      say(
        `${PROCESSES} processes x ${CALLS_PER_PROCESS}, token latency ${tokenLatencyMs} ms: ${shared} token request(s), ${fingerprints} distinct token(s), slowest process ${round(slowest, 0)} ms`,
      );
      rows.push([
        `${PROCESSES} processes x ${CALLS_PER_PROCESS.toLocaleString('en')} (RedisStore)`,
        `${tokenLatencyMs} ms`,
        String(shared),
        String(fingerprints),
        `${round(slowest, 0)} ms (slowest process)`,
      ]);
      allOne &&= shared === 1 && fingerprints === 1;
    } finally {
      await workers.stop();
    }
  }
  finish({
    id: 'stampede',
    title: '3. Cold-cache stampede',
    target: 'exactly 1 token request in each case',
    met: allOne,
    headline: allOne ? '1 token request in every case' : 'more than 1 token request somewhere',
    table: {
      head: [
        'callers',
        'token endpoint latency',
        'token requests',
        'distinct tokens handed out',
        'time to serve all',
      ],
      rows,
    },
    notes: [
      "Token requests are the emulator's own count (request log), not the client's.",
      'The processes are forked, and connected to Redis, before the calls start; the parent then tells all eight at once.',
    ],
  });
} finally {
  await redis.stop();
  await emulator.close();
}
