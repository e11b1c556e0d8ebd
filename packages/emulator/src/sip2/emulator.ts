import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ActivityLog, type Sip2LogEntry, type Sip2Stats } from './activity-log.js';
import { Sip2Connection } from './connection.js';
import { FaultPlan, type Sip2FaultKind, type Sip2FaultOptions } from './fault-plan.js';
import { SIP2_FLAVOURS } from './flavours.js';
import { resolveSip2Options, type Sip2EmulatorOptions } from './options.js';
import {
  type Sip2Credentials,
  type Sip2Patron,
  type Sip2PatronState,
  sip2Credentials,
  sip2Patrons,
  sip2UnknownBarcode,
} from './seed.js';
import { TEST_CA_CERTIFICATE, TEST_SERVER_CERTIFICATE, TEST_SERVER_KEY } from './test-certificate.js';

export interface Sip2Controls {
  /** Switches a misbehaviour on for the next message(s) (`times`, default 1); `null` switches it off. */
  fault(kind: Sip2FaultKind | null, options?: Sip2FaultOptions): void;
  /** Delay before every answer, in ms. */
  latency(ms: number): void;
  /** Drops every open connection now, as a server restart does. */
  closeAllConnections(): void;
  /** On each idle check, drops each idle connection with this probability (0 stops it). */
  closeIdleAtRandom(probability: number): void;
  stats(): Sip2Stats;
  /** Command codes and times only, never a field (fields carry PINs and passwords). */
  requestLog(): readonly Sip2LogEntry[];
}

export interface Sip2Emulator {
  readonly host: string;
  readonly port: number;
  /** PEM of the test CA that signed the server certificate, when `tls` is on. */
  readonly ca?: string;
  /** The SIP account (93) and the institution and location a client names. */
  readonly credentials: Sip2Credentials;
  readonly patrons: Readonly<Record<Sip2PatronState, Sip2Patron>>;
  /** A barcode shaped like the seeded ones that belongs to nobody. */
  readonly unknownBarcode: string;
  readonly controls: Sip2Controls;
  /** Stops listening and drops every connection; resolves once the server is closed. */
  close(): Promise<void>;
}

/** Starts a SIP2 server on loopback, over TCP or implicit TLS, with a patron in every state. */
export async function startSip2Emulator(options?: Sip2EmulatorOptions): Promise<Sip2Emulator> {
  const resolved = resolveSip2Options(options);
  const log = new ActivityLog();
  const faults = new FaultPlan();
  const settings = { latencyMs: 0, idleCloseProbability: 0 };
  const patrons = structuredClone(sip2Patrons);
  const credentials = { ...sip2Credentials };
  const services = {
    options: resolved,
    context: {
      flavour: SIP2_FLAVOURS[resolved.flavour],
      credentials,
      patrons: Object.values(patrons),
      libraryName: 'ils-auth SIP2 emulator',
      now: () => Date.now(),
    },
    faults,
    log,
    settings,
  };

  const connections = new Set<Sip2Connection>();
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    const connection = new Sip2Connection(socket, services);
    connections.add(connection);
    log.connectionsOpened += 1;
    log.connectionsOpen += 1;
    socket.once('close', () => {
      connections.delete(connection);
      log.connectionsOpen -= 1;
    });
  };
  const server: Server = resolved.tls
    ? createTlsServer({ key: TEST_SERVER_KEY, cert: TEST_SERVER_CERTIFICATE, minVersion: 'TLSv1.2' }, accept)
    : createTcpServer(accept);
  // Every raw socket, TLS handshakes in progress included, so that close() leaves none open.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;

  let idleCheck: NodeJS.Timeout | undefined;
  const controls: Sip2Controls = {
    fault: (kind, faultOptions) => faults.set(kind, faultOptions),
    latency: (ms) => {
      if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
        throw new RangeError(`latency(ms): expected a whole number from 0 to 600000, got ${String(ms)}`);
      }
      settings.latencyMs = ms;
    },
    closeAllConnections: () => {
      for (const connection of connections) connection.close();
    },
    closeIdleAtRandom: (probability) => {
      if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
        throw new RangeError(`closeIdleAtRandom(probability): expected 0 to 1, got ${String(probability)}`);
      }
      clearInterval(idleCheck);
      idleCheck = undefined;
      if (probability === 0) return;
      idleCheck = setInterval(
        () => {
          for (const connection of connections) {
            if (connection.idle && Math.random() < probability) connection.close();
          }
        },
        Math.max(1, resolved.idleCheckIntervalMs),
      );
      idleCheck.unref();
    },
    stats: () => log.stats(),
    requestLog: () => log.entries(),
  };

  let closing: Promise<void> | undefined;
  return {
    host: resolved.host,
    port,
    ...(resolved.tls ? { ca: TEST_CA_CERTIFICATE } : {}),
    credentials,
    patrons,
    unknownBarcode: sip2UnknownBarcode,
    controls,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(idleCheck);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
