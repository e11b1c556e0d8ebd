// One application process of the cluster case: a RedisStore, and for each run a fresh application of the
// system the parent names, driven over IPC. Plain JavaScript on the built packages, because it runs in its
// own `node`. One worker serves every system: each run has a key prefix of its own, so its cache is cold.
import { RedisStore } from '@ils-auth/redis';
import { serveWorker } from '@ils-auth/test-support/workers';
import { appCall, startApplication } from './application.mjs';

const config = JSON.parse(process.env.ILS_AUTH_TEST_WORKER ?? '{}');
const store = new RedisStore({
  url: config.redisUrl,
  keyPrefix: config.storePrefix,
  encryptionKey: Buffer.from(config.encryptionKey, 'hex'),
});

const handlers = {
  /** `callers` parallel calls at once; how many failed, and the codes of the first few. */
  async run({ recipe, keyPrefix, call, card, callers }) {
    // Four processes share one emulator in the parent, which answers 3,000 requests or more per system on
    // two busy cores: a patient timeout, so that what is measured is the credential, not the machine.
    const app = startApplication(recipe, { store, keyPrefix, timeoutMs: 60_000, requestTimeoutMs: 60_000 });
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: callers }, () => appCall(app, call, card)),
      );
      const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason?.code ?? 'Error');
      return {
        ok: outcomes.length - failures.length,
        failed: failures.length,
        failures: failures.slice(0, 5),
      };
    } finally {
      await app.close();
    }
  },
};

// The protocol's `exit` closes the store and ends the process.
serveWorker(handlers, store);
