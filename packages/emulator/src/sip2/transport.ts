import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { TEST_SERVER_CERTIFICATE, TEST_SERVER_KEY } from './test-certificate.js';

/** A listening socket server, plain TCP or implicit TLS, that can drop everything it accepted. */
export interface Listener {
  port: number;
  /** Stops listening and destroys every socket, TLS handshakes in progress included. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and hands each client's socket to `accept`: at once over TCP, after the
 * handshake over TLS (implicit TLS: the socket is TLS from its first byte, SIP2 has no STARTTLS).
 */
export async function listen(
  address: { host: string; port: number; tls: boolean },
  accept: (socket: Socket) => void,
): Promise<Listener> {
  const server: Server = address.tls
    ? createTlsServer({ key: TEST_SERVER_KEY, cert: TEST_SERVER_CERTIFICATE, minVersion: 'TLSv1.2' }, accept)
    : createTcpServer(accept);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  let closing: Promise<void> | undefined;
  return {
    port: typeof bound === 'object' && bound !== null ? bound.port : address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
