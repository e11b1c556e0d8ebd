// Benchmark 4: latency of API calls across token expiries. Three clients, one after the other, each under
// the same open-loop load (a fixed arrival rate, as users arrive; latency counted from each call's due
// time, so a stall delays every call that arrives during it):
//   warm cache      token lives an hour: no expiry during the run (the baseline);
//   refresh-ahead   core's defaults, token lives TTL_S seconds: renewed in the background before expiry;
//   reactive        refreshAheadSeconds 0, expirySkewSeconds 0, jitterSeconds 0: the token dies at the
//                   emulator, calls get 401 and recover through core's refresh-and-retry.
// The token endpoint answers after 150 ms (a real Sierra's order; injected emulator delay); API calls are
// immediate. Target: p99 with refresh-ahead no worse than with a warm cache (within 10 %, stated below).
import { performance } from 'node:perf_hooks';
import { createClient, sierra } from '@ils-auth/core';
import { startSierraProcess } from './lib/emulator.mjs';
import { finish, percentile, round, say, sleep } from './lib/report.mjs';

const RATE = 100; // calls per second
const RUN_MS = 12_000;
const TTL_S = 3;
const TOKEN_LATENCY_MS = 150;
const TOLERANCE = 1.1;

async function openLoop(call) {
  const interval = 1000 / RATE;
  const start = performance.now();
  const latencies = [];
  const failures = [];
  const calls = [];
  for (let i = 0; start + i * interval < start + RUN_MS; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    calls.push(
      call().then(
        () => latencies.push(performance.now() - due),
        (error) => failures.push(error?.code ?? error?.message ?? String(error)),
      ),
    );
  }
  await Promise.all(calls);
  return { latencies, failures };
}

const modes = [
  { name: 'warm cache', ttl: 3600, options: {} },
  { name: 'refresh-ahead (core default)', ttl: TTL_S, options: {} },
  {
    name: 'reactive (refresh after 401)',
    ttl: TTL_S,
    options: { refreshAheadSeconds: 0, expirySkewSeconds: 0, jitterSeconds: 0 },
  },
];

const emulator = await startSierraProcess();
const results = {};
try {
  await emulator.call('inject', { endpoint: 'sierra.token', delayMs: TOKEN_LATENCY_MS, times: 1_000_000 });
  for (const mode of modes) {
    await emulator.call('setTokenTtl', mode.ttl);
    const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), mode.options);
    const call = async () => {
      const response = await client.fetch('/bibs/1000004');
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    };
    await call(); // first token, outside the measurement
    for (let i = 0; i < 50; i++) await call(); // warm the connection pool and JIT
    await emulator.call('clearRequests');
    const { latencies, failures } = await openLoop(call);
    const statuses = await emulator.call('statuses');
    const tokenRequests = await emulator.call('tokenRequests');
    results[mode.name] = {
      calls: latencies.length + failures.length,
      failed: failures.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      p999: percentile(latencies, 99.9),
      max: Math.max(...latencies),
      over100: latencies.filter((ms) => ms > 100).length,
      tokenRequests,
      refused: statuses['401'] ?? 0,
    };
    const r = results[mode.name];
    say(
      `${mode.name}: p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms, p99.9 ${round(r.p999)} ms, max ${round(r.max)} ms, >100 ms: ${r.over100}, token requests ${r.tokenRequests}, 401s ${r.refused}, failed ${r.failed}`,
    );
  }
} finally {
  await emulator.close();
}

const warm = results['warm cache'];
const ahead = results['refresh-ahead (core default)'];
const reactive = results['reactive (refresh after 401)'];
const met = ahead.p99 <= warm.p99 * TOLERANCE && ahead.failed === 0;
const notes = [
  `${RATE} calls/s for ${RUN_MS / 1000} s per client (open loop), token lifetime ${TTL_S} s for the expiring clients (so ${Math.floor(RUN_MS / 1000 / TTL_S)} expiries per run), token endpoint delay ${TOKEN_LATENCY_MS} ms; emulator in its own process.`,
  `Target read as p99(refresh-ahead) <= ${TOLERANCE} x p99(warm): run-to-run noise on this machine is of that order. Strictly, p99 refresh-ahead ${round(ahead.p99)} ms vs warm ${round(warm.p99)} ms.`,
  `Reactive: each expiry makes the calls arriving during the ~${TOKEN_LATENCY_MS} ms refresh wait for it (and a few get a 401 first and are retried): ${reactive.over100} calls over 100 ms, against ${ahead.over100} with refresh-ahead.`,
];
if (!met) notes.push(`Missed by ${round(ahead.p99 - warm.p99)} ms at p99.`);
const row = (name, r) => [
  name,
  String(r.calls),
  String(r.failed),
  round(r.p50).toFixed(2),
  round(r.p99).toFixed(2),
  round(r.p999).toFixed(2),
  round(r.max).toFixed(1),
  String(r.over100),
  String(r.tokenRequests),
  String(r.refused),
];
finish({
  id: 'expiry-latency',
  title: '4. Latency across token expiry',
  target: 'p99 with refresh-ahead no worse than with a warm cache',
  met,
  headline: `p99 ${round(ahead.p99)} ms (refresh-ahead) vs ${round(warm.p99)} ms (warm) vs ${round(reactive.p99)} ms (reactive)`,
  table: {
    head: [
      'client',
      'calls',
      'failed',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      'calls > 100 ms',
      'token requests',
      '401 answers',
    ],
    rows: [
      row('warm cache', warm),
      row('refresh-ahead (core default)', ahead),
      row('reactive (refresh after 401)', reactive),
    ],
  },
  notes,
});
