// One application process of the cluster case: a RedisStore and the system's descriptor, driven by the
// parent over IPC. Plain JavaScript on the built packages, because it runs in its own `node`.
import { RedisStore } from '@ils-auth/redis';
import { serveWorker } from '../../redis/src/testing/worker-protocol.mjs';
import { appCall, startApplication } from './application.mjs';

const config = JSON.parse(process.env.ILS_AUTH_TEST_WORKER ?? '{}');
const store = new RedisStore({
  url: config.redisUrl,
  keyPrefix: config.storePrefix,
  encryptionKey: Buffer.from(config.encryptionKey, 'hex'),
});
const app = startApplication(config.recipe, { store, keyPrefix: config.keyPrefix });

const handlers = {
  /** `callers` parallel calls at once; how many failed, and the codes of the first few. */
  async run({ callers }) {
    const outcomes = await Promise.allSettled(
      Array.from({ length: callers }, () => appCall(app, config.call, config.card)),
    );
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason?.code ?? 'Error');
    return { ok: outcomes.length - failures.length, failed: failures.length, failures: failures.slice(0, 5) };
  },
};

// The protocol's `exit` closes the store and ends the process, SIP2 sockets with it.
serveWorker(handlers, store);
