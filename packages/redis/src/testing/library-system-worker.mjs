// One application process for the cross-process tests of the library systems without OAuth: a client of
// one descriptor (folio, polaris, symphony, evergreen) over a RedisStore, driven by the test over IPC.
// Plain JavaScript on the built packages, because it runs in its own `node`, not vitest.
import { createClient, evergreen, folio, gatewayCall, polaris, symphony } from '@ils-auth/core';
import { serveWorker } from '@ils-auth/test-support/workers';
import { RedisStore } from '../../dist/index.js';

const config = JSON.parse(process.env.ILS_AUTH_TEST_WORKER ?? '{}');
const store = new RedisStore({ url: config.redisUrl, keyPrefix: config.keyPrefix, encryption: false });
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
const factories = { evergreen, folio, polaris, symphony };
const client = createClient(factories[config.system](config.options), { store, clock });

/** One call of the application's own: a gateway call for Evergreen, `fetch(path)` for the others. */
async function call() {
  if (config.system === 'evergreen') {
    await gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', 101);
    return;
  }
  const response = await client.fetch(config.path);
  await response.arrayBuffer();
  if (response.status !== 200)
    throw Object.assign(new Error('bad status'), { code: `HTTP ${response.status}` });
}

const handlers = {
  async calls({ calls }) {
    const results = await Promise.allSettled(Array.from({ length: calls }, call));
    const failures = results
      .filter((r) => r.status === 'rejected')
      .map((r) => r.reason?.code ?? String(r.reason));
    return { ok: results.length - failures.length, failed: failures.length, failures: failures.slice(0, 5) };
  },
  async offset({ ms }) {
    offsetMs = ms;
    return {};
  },
};

serveWorker(handlers, store);
