import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';

/**
 * A loopback SIP2 server whose answers a test scripts, for what no real server does on demand (garbage,
 * a stall, a close mid-answer, a wrong checksum). It is written apart from core's SIP2 code, checksum
 * included, so a bug there is not made on both sides of the socket.
 */
export interface ScriptedSip2Connection {
  readonly index: number;
  /** Messages this connection received, without trailer and terminator. */
  readonly received: string[];
  close(): void;
  /** Closes with a TCP reset (RST) instead of a FIN, as a server that aborts a connection does. */
  reset(): void;
}

/** The answer body (the server adds `AY…AZ…` and CR), raw bytes to send as they are, or nothing (a stall). */
export type Sip2Reply = string | { raw: Buffer } | undefined;

export type Sip2Script = (
  message: string,
  connection: ScriptedSip2Connection,
) => Sip2Reply | Promise<Sip2Reply>;

export interface ScriptedSip2ServerOptions {
  /** Key and certificate (and a CA to ask clients for theirs): the server speaks TLS from the first byte. */
  tls?: TlsOptions;
  /** Bytes on the wire: `utf8` or `latin1` (Windows-1252 for the characters tests use). */
  encoding?: 'utf8' | 'latin1';
  /** Add `AY`/`AZ` to answers (the `AY` echoes the request's). Default true. */
  checksums?: boolean;
}

export interface ScriptedSip2Server {
  readonly host: string;
  readonly port: number;
  /** Every message received, in order, across connections (trailer removed). */
  readonly received: string[];
  readonly connections: ScriptedSip2Connection[];
  /** Sockets open now. */
  openSockets(): number;
  /** Times a message arrived on a connection before the previous one there was answered. */
  overlaps(): number;
  /** Drops every open connection, as a restarting server does. */
  dropAll(): void;
  close(): Promise<void>;
}

export function checksumOf(bytes: Buffer): string {
  let sum = 0;
  for (const byte of bytes) sum += byte;
  return (0x10000 - (sum % 0x10000)).toString(16).slice(-4).toUpperCase().padStart(4, '0');
}

export async function startScriptedSip2Server(
  script: Sip2Script,
  options: ScriptedSip2ServerOptions = {},
): Promise<ScriptedSip2Server> {
  const encoding = options.encoding ?? 'utf8';
  const checksums = options.checksums ?? true;
  const received: string[] = [];
  const connections: ScriptedSip2Connection[] = [];
  const sockets = new Set<Socket>();
  let overlapping = 0;

  const serve = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const connection: ScriptedSip2Connection = {
      index: connections.length,
      received: [],
      close: () => socket.destroy(),
      reset: () => socket.resetAndDestroy(),
    };
    connections.push(connection);
    let buffered = Buffer.alloc(0);
    let queue = Promise.resolve();
    let unanswered = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let end = buffered.indexOf(0x0d); end !== -1; end = buffered.indexOf(0x0d)) {
        const line = buffered.subarray(0, end).toString(encoding);
        buffered = buffered.subarray(end + 1);
        if (unanswered > 0) overlapping += 1;
        unanswered += 1;
        queue = queue
          .then(() => answer(line))
          .finally(() => {
            unanswered -= 1;
          });
      }
    });
    const answer = async (line: string) => {
      const trailer = /(?:AY(\d))?AZ[0-9A-F]{4}$/.exec(line);
      const message = trailer ? line.slice(0, trailer.index) : line;
      received.push(message);
      connection.received.push(message);
      const reply = await script(message, connection);
      if (reply === undefined || socket.destroyed) return;
      if (typeof reply !== 'string') {
        socket.write(reply.raw);
        return;
      }
      let bytes = Buffer.from(reply, encoding);
      if (checksums) {
        bytes = Buffer.concat([bytes, Buffer.from(`AY${trailer?.[1] ?? '0'}AZ`, 'latin1')]);
        bytes = Buffer.concat([bytes, Buffer.from(checksumOf(bytes), 'latin1')]);
      }
      socket.write(Buffer.concat([bytes, Buffer.from('\r', 'latin1')]));
    };
  };

  const server: Server = options.tls ? createTlsServer(options.tls, serve) : createTcpServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    connections,
    openSockets: () => sockets.size,
    overlaps: () => overlapping,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
