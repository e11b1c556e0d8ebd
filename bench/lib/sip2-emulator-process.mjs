// Runs the SIP2 emulator in its own process, so that a benchmark measures the client's process without
// the server's work on the same event loop. Driven over IPC by sip2-emulator.mjs.
import { startSip2Emulator } from '@ils-auth/emulator';
import { serveOverIpc } from './ipc-server.mjs';

const server = await startSip2Emulator(JSON.parse(process.argv[2] ?? '{}'));
const { controls } = server;

const commands = {
  stats: () => controls.stats(),
  // This process's CPU time (user + system, µs): what the server spends, apart from the client's.
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  // The same, user and system apart (µs): the kernel's share is the socket work.
  cpuSplit: () => process.cpuUsage(),
  requestLog: () => controls.requestLog(),
  fault: ([kind, options]) => controls.fault(kind, options),
  closeIdleAtRandom: (probability) => controls.closeIdleAtRandom(probability),
  close: async () => {
    await server.close();
    setImmediate(() => process.exit(0));
  },
};

serveOverIpc(commands, {
  host: server.host,
  port: server.port,
  credentials: server.credentials,
  patron: server.patrons.valid,
});
