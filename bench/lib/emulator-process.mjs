// Runs a Sierra emulator in its own process, so that a throughput benchmark measures the client's process
// without the server's work on the same event loop. Driven over IPC by emulator.mjs.
import { startSierra } from '@ils-auth/emulator';
import { serveOverIpc } from './ipc-server.mjs';

const sierra = await startSierra(JSON.parse(process.argv[2] ?? '{}'));
const { controls } = sierra;

const commands = {
  tokenRequests: () => controls.tokenRequests(),
  /** Answers by status, for counting 401s. */
  statuses: () => {
    const counts = {};
    for (const entry of controls.requests()) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    return counts;
  },
  /** Endpoint and status of each request, for counting PIN checks (store-outage.mjs). */
  requests: () => controls.requests().map(({ endpoint, status }) => ({ endpoint, status })),
  clearRequests: () => controls.clearRequests(),
  restart: () => controls.restart(),
  setTokenTtl: (seconds) => controls.setTokenTtl(seconds),
  inject: (fault) => controls.inject(fault),
  clearFaults: () => controls.clearFaults(),
  close: async () => {
    await sierra.close();
    setImmediate(() => process.exit(0));
  },
};

serveOverIpc(commands, { url: sierra.url, tokenUrl: sierra.tokenUrl, credentials: sierra.credentials });
