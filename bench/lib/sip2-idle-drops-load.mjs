// Benchmark 8's part B, shared with bench/sip2-idle-drops.mjs: `signIns` sign-ins by `callers` over a pool
// of 4 while the emulator (its own process) drops, every check interval, each connection idle for the
// whole interval with probability 0.5. Then the pool is closed and the leftovers are counted.
import { performance } from 'node:perf_hooks';
import { closeSip2Connections, createPatronAuth } from '@ils-auth/core';
import { sleep } from './report.mjs';

/** Sockets of this process (TCP, TLS), not counting the IPC channel to the emulator's process. */
export const openSockets = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSSocketWrap')
    .length;

export async function signInsWithIdleDrops(server, library, credentials, { signIns, callers }) {
  const before = await server.call('stats');
  await server.call('closeIdleAtRandom', 0.5);
  const descriptor = library({ poolSize: 4 });
  const auth = createPatronAuth(descriptor);
  let issued = 0;
  let failed = 0;
  const errors = new Map();
  // The first failure says why; the ones after it are most likely the backoff's fast refusals.
  let firstError;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (issued < signIns) {
        issued += 1;
        try {
          await auth.login(credentials);
        } catch (error) {
          failed += 1;
          errors.set(error.code, (errors.get(error.code) ?? 0) + 1);
          firstError ??= `${error.code}: ${error.message}`;
        }
        // Now and then a pause of over two check intervals (the server drops only connections idle for a
        // whole one, which a busy pool's seldom are), so that idle connections do get dropped.
        if (issued % 50 === 0) await sleep(12);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.call('closeIdleAtRandom', 0);
  await closeSip2Connections(descriptor);
  await sleep(200);
  const after = await server.call('stats');
  return {
    signIns: issued,
    failed,
    errors,
    firstError,
    seconds,
    connectionsOpened: after.connectionsOpened - before.connectionsOpened,
    pinsReceived: (after.messages['63'] ?? 0) - (before.messages['63'] ?? 0),
    serverOpen: after.connectionsOpen,
    clientSockets: openSockets(),
  };
}
