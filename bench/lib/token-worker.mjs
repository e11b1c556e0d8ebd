// One application process for the multi-process benchmarks (stampede, Sierra restart): an app-token
// client over a RedisStore (or its own MemoryStore when no Redis URL is given), driven over IPC.
import { createHash } from 'node:crypto';
import { createClient, MemoryStore, sierra } from '@ils-auth/core';
import { RedisStore } from '@ils-auth/redis';
import { closedLoop } from './load.mjs';

const config = JSON.parse(process.argv[2]);
const warnings = [];
const logger = {
  warn: (message, context) => warnings.push(context?.reason ? `${message} (${context.reason})` : message),
  error: (message) => warnings.push(message),
};
const store = config.redisUrl
  ? new RedisStore({
      url: config.redisUrl,
      keyPrefix: config.keyPrefix,
      ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : { encryption: false }),
      logger,
    })
  : new MemoryStore();
// Counts the 401 answers core sees (and retries), which callers never see. Counted here because the
// emulator's request log keeps only its last 10,000 entries.
let refused = 0;
const countingFetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.status === 401) refused++;
  return response;
};
const client = createClient(
  sierra({ baseUrl: config.sierraUrl, clientId: config.clientId, clientSecret: config.clientSecret }),
  { store, logger, fetch: countingFetch },
);
const fingerprint = (token) => createHash('sha256').update(token).digest('hex').slice(0, 16);

async function fetchBib() {
  const response = await client.fetch('/bibs/1000004');
  await response.arrayBuffer();
  if (response.status !== 200)
    throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP ${response.status}` });
}

const handlers = {
  /** `calls` concurrent getToken() at once; answers the distinct tokens (as fingerprints). */
  async tokens({ calls }) {
    const started = performance.now();
    const tokens = await Promise.all(Array.from({ length: calls }, () => client.getToken()));
    return {
      fingerprints: [...new Set(tokens.map(fingerprint))],
      ms: performance.now() - started,
      mode: store.mode,
    };
  },
  async load({ lanes, durationMs }) {
    refused = 0;
    const { latencies, ...outcome } = await closedLoop({ call: fetchBib, lanes, durationMs });
    return { ...outcome, refused };
  },
  async warnings() {
    return warnings;
  },
  async exit() {
    if (store.close) await store.close();
    setImmediate(() => process.exit(0));
  },
};

// A process that has been up has its Redis connection: wait for it, so the benchmark starts from there.
if (store.get) await store.get('bench:connected');

process.on('message', async ({ id, type, args }) => {
  try {
    process.send({ id, result: (await handlers[type](args ?? {})) ?? null });
  } catch (error) {
    process.send({ id, error: String(error?.code ?? error?.message ?? error) });
  }
});
process.send({ id: 0, result: 'ready' });
