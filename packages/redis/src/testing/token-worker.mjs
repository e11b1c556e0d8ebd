// One application process for the cross-process tests: an app-token client over a RedisStore, driven by
// the test over IPC. Plain JavaScript on the built package, because it runs in its own `node`, not vitest.
import { createHash } from 'node:crypto';
import { createClient, sierra } from '@ils-auth/core';
import { LoginThrottle } from '@ils-auth/core/web';
import { serveWorker } from '@ils-auth/test-support/workers';
import { RedisStore } from '../../dist/index.js';

const config = JSON.parse(process.env.ILS_AUTH_TEST_WORKER ?? '{}');
const logLines = [];
const logger = {
  warn: (message, context) => logLines.push({ level: 'warn', message, context }),
  error: (message, context) => logLines.push({ level: 'error', message, context }),
};
const store = new RedisStore({
  url: config.redisUrl,
  keyPrefix: config.keyPrefix,
  ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : { encryption: false }),
  logger,
});
const client = createClient(
  sierra({ baseUrl: config.sierraUrl, clientId: config.clientId, clientSecret: config.clientSecret }),
  { store, logger },
);

// Tokens leave the process only as fingerprints: enough to tell whether processes share one.
const fingerprint = (token) => createHash('sha256').update(token).digest('hex').slice(0, 16);

async function settle(calls) {
  const results = await Promise.allSettled(calls);
  const failures = results
    .filter((r) => r.status === 'rejected')
    .map((r) => r.reason?.code ?? String(r.reason));
  return { ok: results.length - failures.length, failed: failures.length, failures: failures.slice(0, 5) };
}

async function fetchBib() {
  const response = await client.fetch('/bibs/1000004');
  await response.arrayBuffer();
  if (response.status !== 200)
    throw Object.assign(new Error('bad status'), { code: `HTTP ${response.status}` });
}

const handlers = {
  async tokens({ calls }) {
    const tokens = await Promise.all(Array.from({ length: calls }, () => client.getToken()));
    return { fingerprints: [...new Set(tokens.map(fingerprint))] };
  },
  async fetch({ calls }) {
    return settle(Array.from({ length: calls }, fetchBib));
  },
  /** Keeps `concurrency` API calls in flight for `durationMs`. */
  async run({ durationMs, concurrency }) {
    const until = Date.now() + durationMs;
    const lane = async () => {
      const outcome = { ok: 0, failed: 0, failures: [] };
      while (Date.now() < until) {
        try {
          await fetchBib();
          outcome.ok++;
        } catch (error) {
          outcome.failed++;
          if (outcome.failures.length < 5) outcome.failures.push(error?.code ?? String(error));
        }
      }
      return outcome;
    };
    const lanes = await Promise.all(Array.from({ length: concurrency }, lane));
    return {
      ok: lanes.reduce((n, l) => n + l.ok, 0),
      failed: lanes.reduce((n, l) => n + l.failed, 0),
      failures: lanes.flatMap((l) => l.failures).slice(0, 5),
    };
  },
  /** `calls` simultaneous claims of one key: how many this process won. */
  async claim({ key, calls }) {
    const won = await Promise.all(Array.from({ length: calls }, () => store.setIfAbsent(key, '1', 60_000)));
    return { won: won.filter(Boolean).length };
  },
  /** `calls` simultaneous wrong-PIN reservations for one card: how many got through to the "provider". */
  async guess({ barcode, calls, max }) {
    const throttle = new LoginThrottle(
      store,
      'a-shared-secret-of-at-least-32-chars!',
      config.keyPrefix,
      {
        barcode: { max, windowSeconds: 60 },
        ip: { max: 1_000, windowSeconds: 60 },
      },
      Date.now,
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: calls }, async () =>
        (await throttle.reserve('sierra', barcode, undefined)).failed(),
      ),
    );
    return { through: outcomes.filter((o) => o.status === 'fulfilled').length };
  },
  async status() {
    return { mode: store.mode, log: logLines };
  },
};

serveWorker(handlers, store);
