// Benchmark 7: a token endpoint that is down. Sierra answers every token request 503 with Retry-After;
// 200 concurrent callers ask for a token in a closed loop. Measured: token requests that reach Sierra per
// Retry-After window (the backoff's promise: at most 3 per process) and how fast the other calls fail
// (fail-fast latency, with provider_unavailable and retryAfter). Then Sierra comes back and the time to
// the first served token is measured.
import { performance } from 'node:perf_hooks';
import { createClient, sierra } from '@ils-auth/core';
import { startSierraProcess } from './lib/emulator.mjs';
import { finish, percentile, round, say, sleep } from './lib/report.mjs';

const CALLERS = 200;
const RETRY_AFTER_S = 2;
const RUN_MS = 10_000;
const TARGET_PER_WINDOW = 3;

const emulator = await startSierraProcess();
try {
  await emulator.call('inject', {
    endpoint: 'sierra.token',
    status: 503,
    retryAfter: RETRY_AFTER_S,
    times: 1_000_000,
  });
  let tokenRequests = 0;
  const countingFetch = (input, init) => {
    if (String(input).endsWith('/token')) tokenRequests++;
    return fetch(input, init);
  };
  const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), {
    fetch: countingFetch,
  });
  const latencies = [];
  const codes = new Map();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() - started < RUN_MS) {
        const asked = performance.now();
        const code = await client.getToken().then(
          () => 'ok',
          (error) => error.code ?? 'other',
        );
        latencies.push(performance.now() - asked);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        await sleep(1);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const windows = Math.ceil(elapsedMs / (RETRY_AFTER_S * 1000));
  const perWindow = tokenRequests / windows;

  await emulator.call('clearFaults');
  const back = performance.now();
  let recoveredMs;
  while (recoveredMs === undefined) {
    await client.getToken().then(
      () => {
        recoveredMs = performance.now() - back;
      },
      () => sleep(50),
    );
  }

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  say(
    `${tokenRequests} token requests in ${round(elapsedMs / 1000, 1)} s (${windows} windows of ${RETRY_AFTER_S} s): ${round(perWindow, 2)} per window; ${latencies.length} calls, fail-fast p50 ${round(p50, 3)} ms, p99 ${round(p99, 3)} ms; back after ${round(recoveredMs)} ms`,
  );
  finish({
    id: 'outage',
    title: '7. Token endpoint down (503 Retry-After)',
    target: `<= ${TARGET_PER_WINDOW} token requests per Retry-After window with ${CALLERS} concurrent callers`,
    met: perWindow <= TARGET_PER_WINDOW,
    headline: `${round(perWindow, 2)} token requests per ${RETRY_AFTER_S} s window, fail-fast p99 ${round(p99, 3)} ms`,
    table: {
      head: [
        'callers',
        'calls',
        'token requests',
        'per window',
        'fail-fast p50 ms',
        'fail-fast p99 ms',
        'recovery ms',
      ],
      rows: [
        [
          String(CALLERS),
          String(latencies.length),
          String(tokenRequests),
          String(round(perWindow, 2)),
          round(p50, 3).toFixed(3),
          round(p99, 3).toFixed(3),
          String(round(recoveredMs)),
        ],
      ],
    },
    notes: [
      `Outcomes: ${[...codes].map(([code, count]) => `${code} ${count}`).join(', ')}.`,
      `Retry-After ${RETRY_AFTER_S} s for ${RUN_MS / 1000} s; callers loop with a 1 ms pause; emulator in its own process.`,
      'Recovery: the first call after the backoff window that reaches Sierra gets a token; before it, calls still fail fast.',
    ],
  });
} finally {
  await emulator.close();
}
