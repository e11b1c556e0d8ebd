// Benchmark 8's part B alone, many times: 10,000 sign-ins over a pool of 4 while the SIP2 emulator (its own
// process) drops each idle connection with probability 0.5 every 5 ms. Prints each run's failed sign-ins,
// the first failure's code and message, connections opened and sockets left. Not part of `pnpm bench`:
// `node bench/sip2-idle-drops.mjs [runs]`.
import { closeSip2Connections, createPatronAuth, sip2 } from '@ils-auth/core';
import { startSip2Process } from './lib/emulator.mjs';
import { say, sleep } from './lib/report.mjs';

const RUNS = Number(process.argv[2] ?? 10);
const SIGN_INS = 10_000;
const CALLERS = 8;

const server = await startSip2Process({ idleCheckIntervalMs: 5 });
const credentials = { barcode: server.patron.barcode, pin: server.patron.pin };
const openSockets = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSSocketWrap')
    .length;
let runsWithFailures = 0;
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const before = await server.call('stats');
    await server.call('closeIdleAtRandom', 0.5);
    const descriptor = sip2({ host: server.host, port: server.port, ...server.credentials, poolSize: 4 });
    const auth = createPatronAuth(descriptor);
    let issued = 0;
    let failed = 0;
    let first;
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (issued < SIGN_INS) {
          issued += 1;
          await auth.login(credentials).catch((error) => {
            failed += 1;
            first ??= `${error.code}: ${error.message}`;
          });
          if (issued % 50 === 0) await sleep(2);
        }
      }),
    );
    await server.call('closeIdleAtRandom', 0);
    await closeSip2Connections(descriptor);
    await sleep(100);
    const after = await server.call('stats');
    const pins = (after.messages['63'] ?? 0) - (before.messages['63'] ?? 0);
    if (failed > 0) runsWithFailures += 1;
    say(
      `run ${run}: ${failed} failed${first ? ` (first: ${first})` : ''}; ${after.connectionsOpened - before.connectionsOpened} connections opened; 63s received ${pins} for ${SIGN_INS} sign-ins; left: ${after.connectionsOpen} at the server, ${openSockets()} here`,
    );
  }
  say(`${RUNS} runs, ${runsWithFailures} with a failed sign-in`);
} finally {
  await server.close();
}
