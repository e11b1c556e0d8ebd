import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1 at a free port, and how to stop it. */
export interface LoopbackServer {
  url: string;
  port: number;
  /** Ends open connections too: a test's keep-alive socket must not hold the process. */
  close(): Promise<void>;
}

/**
 * Makes `server` listen on 127.0.0.1 at a port the system picks, and answers with its URL. Any HTTP
 * server does: a bare `createServer()`, an Express app's `http.createServer(app)`, oidc-provider's.
 */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
