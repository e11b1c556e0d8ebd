// Where benchmark 8's sign-ins spend CPU: the client's and the SIP2 emulator's µs per sign-in, for the
// pool and for a connection per sign-in, measured apart (the emulator runs in its own process). Run with
// `node --cpu-prof --cpu-prof-dir=DIR bench/profile-sip2.mjs [pooled|connectionPerSignIn] [seconds]`
// for a profile of the client's side. Not part of `pnpm bench`.
import { performance } from 'node:perf_hooks';
import { sip2 } from '@ils-auth/core';
import { startSip2Process } from './lib/emulator.mjs';
import { round, say } from './lib/report.mjs';
import { sip2Variants } from './lib/sip2-variants.mjs';

const CALLERS = 4;
const [only, secondsArg] = process.argv.slice(2);
const SECONDS = Number(secondsArg ?? 3);

const server = await startSip2Process({});
const credentials = { barcode: server.patron.barcode, pin: server.patron.pin };
const library = (options) =>
  sip2({ host: server.host, port: server.port, ...server.credentials, ...options });

const variants = sip2Variants(library, credentials, CALLERS);

try {
  for (const name of only && only !== 'all' ? [only] : Object.keys(variants)) {
    const variant = variants[name]();
    for (let warm = 0; warm < 200; warm += 1) await variant.signIn(0);
    let count = 0;
    const serverCpu = await server.call('cpuSplit');
    const clientCpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, index) => {
        while (performance.now() - started < SECONDS * 1000) {
          await variant.signIn(index);
          count += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(clientCpu);
    const serverNow = await server.call('cpuSplit');
    const serverUser = serverNow.user - serverCpu.user;
    const serverSystem = serverNow.system - serverCpu.system;
    await variant.close();
    say(
      `${name}: ${round(count / seconds)} sign-ins/s; CPU µs per sign-in: client ${round((user + system) / count)} (user ${round(user / count)}, system ${round(system / count)}), emulator ${round((serverUser + serverSystem) / count)} (user ${round(serverUser / count)}, system ${round(serverSystem / count)})`,
    );
  }
} finally {
  await server.close();
}
