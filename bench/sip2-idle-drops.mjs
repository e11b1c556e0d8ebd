// Benchmark 8's part B alone, many times: 10,000 sign-ins over a pool of 4 while the SIP2 emulator (its own
// process) drops, every 5 ms, each connection idle for the whole interval with probability 0.5. Prints each run's failed sign-ins,
// the first failure's code and message, connections opened and sockets left. Not part of `pnpm bench`:
// `node bench/sip2-idle-drops.mjs [runs]`.
import { sip2 } from '@ils-auth/core';
import { startSip2Process } from './lib/emulator.mjs';
import { say } from './lib/report.mjs';
import { signInsWithIdleDrops } from './lib/sip2-idle-drops-load.mjs';

const RUNS = Number(process.argv[2] ?? 10);
const SIGN_INS = 10_000;
const CALLERS = 8;

const server = await startSip2Process({ idleCheckIntervalMs: 5 });
const credentials = { barcode: server.patron.barcode, pin: server.patron.pin };
const library = (options) =>
  sip2({ host: server.host, port: server.port, ...server.credentials, ...options });
let runsWithFailures = 0;
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await signInsWithIdleDrops(server, library, credentials, {
      signIns: SIGN_INS,
      callers: CALLERS,
    });
    if (result.failed > 0) runsWithFailures += 1;
    say(
      `run ${run}: ${result.failed} failed${result.firstError ? ` (first: ${result.firstError})` : ''}; ${result.connectionsOpened} connections opened; 63s received ${result.pinsReceived} for ${result.signIns} sign-ins; left: ${result.serverOpen} at the server, ${result.clientSockets} here`,
    );
  }
  say(`${RUNS} runs, ${runsWithFailures} with a failed sign-in`);
} finally {
  await server.close();
}
