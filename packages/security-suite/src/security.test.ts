import { closeSip2Connections, sip2 } from '@ils-auth/core';
import { startAll } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, it, onTestFinished } from 'vitest';
import {
  CARD_LIMIT,
  type Harness,
  type HarnessEnvironment,
  type Integration,
  SECRET,
  SIGN_IN_TIMEOUT_MS,
} from './harness.js';
import { INTEGRATIONS } from './integrations.js';
import { ResultMatrix } from './matrix.js';
import { SCENARIOS } from './scenarios/index.js';
import { memoryStore, type OpenStore, redisStore, type StoreKind } from './stores.js';

const STORES: StoreKind[] = [memoryStore, redisStore()];

const matrix = new ResultMatrix(SCENARIOS.map((scenario) => scenario.id));

const loaded = await Promise.all(
  INTEGRATIONS.map(async ({ name, load }) => ({
    name,
    integration: await load().catch((error: unknown) => error),
  })),
);

afterAll(async () => {
  await Promise.all(STORES.map((store) => store.stop()));
  // Straight to the terminal, past vitest's console capture: the matrix is the suite's summary.
  process.stdout.write(`\nSecurity suite: integration × store\n\n${matrix.render()}\n\n`);
});

/** A row's app, started once before its scenarios; what went wrong when it could not start. */
interface Row {
  environment?: HarnessEnvironment;
  harness?: Harness;
  failure?: unknown;
}

function isIntegration(value: unknown): value is Integration {
  return typeof value === 'object' && value !== null && 'start' in value;
}

for (const { name, integration } of loaded) {
  for (const storeKind of STORES) {
    const rowName = `${name} × ${storeKind.name}`;
    matrix.addRow(rowName);
    describe.skipIf(storeKind.unavailable !== undefined)(rowName, () => {
      const row: Row = {};
      const cleanups: (() => Promise<void>)[] = [];

      beforeAll(async () => {
        try {
          if (!isIntegration(integration)) throw integration;
          const emulators = await startAll();
          cleanups.push(emulators.close);
          const library = sip2({
            host: emulators.sip2.host,
            port: emulators.sip2.port,
            ...emulators.sip2.credentials,
          });
          // Before the emulators close: the row's pool is shut, not left to notice the server went away.
          cleanups.push(() => closeSip2Connections(library));
          const opened: OpenStore = await storeKind.open();
          cleanups.push(opened.close);
          row.environment = {
            emulators,
            sip2: library,
            store: opened.store,
            storeOutage: opened.outage,
            secret: SECRET,
            throttle: {
              barcode: { max: CARD_LIMIT, windowSeconds: 900 },
              ip: { max: 10_000, windowSeconds: 900 },
            },
            signInTimeoutMs: SIGN_IN_TIMEOUT_MS,
          };
          row.harness = await integration.start(row.environment);
          const started = row.harness;
          cleanups.push(() => started.close());
        } catch (error) {
          // Every scenario of the row fails with this, so the matrix shows the row as failing.
          row.failure = error;
        }
      });

      afterAll(async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
      });

      for (const scenario of SCENARIOS) {
        const reason = isIntegration(integration) ? integration.notApplicable[scenario.id] : undefined;
        if (reason !== undefined) {
          // No test for a cell that does not apply; the matrix prints it with its reason.
          matrix.notApplicable(rowName, scenario.id, reason);
          continue;
        }
        it(scenario.title, async () => {
          // Soft expectations fail a test only after it returns: read its final state.
          onTestFinished(({ task }) =>
            matrix.record(rowName, scenario.id, task.result?.state === 'pass' ? 'pass' : 'FAIL'),
          );
          const { environment, harness, failure } = row;
          if (!isIntegration(integration) || !environment || !harness) {
            throw new Error(`${rowName} did not start: ${String(failure)}`, { cause: failure });
          }
          await scenario.run({ integration, environment, harness });
        });
      }
    });
  }
}
