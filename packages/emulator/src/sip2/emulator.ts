import type { Socket } from 'node:net';
import { ActivityLog } from './activity-log.js';
import { Sip2Connection } from './connection.js';
import { createSip2Controls, type Sip2Controls } from './controls.js';
import { FaultPlan } from './fault-plan.js';
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
import { TEST_CA_CERTIFICATE } from './test-certificate.js';
import { listen } from './transport.js';

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
  const settings = { latencyMs: 0 };
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
  const listener = await listen(resolved, (socket: Socket) => {
    const connection = new Sip2Connection(socket, services);
    connections.add(connection);
    log.connectionsOpened += 1;
    log.connectionsOpen += 1;
    socket.once('close', () => {
      connections.delete(connection);
      log.connectionsOpen -= 1;
    });
  });
  const { controls, stop } = createSip2Controls({
    faults,
    log,
    settings,
    connections,
    idleCheckIntervalMs: resolved.idleCheckIntervalMs,
  });
  return {
    host: resolved.host,
    port: listener.port,
    ...(resolved.tls ? { ca: TEST_CA_CERTIFICATE } : {}),
    credentials,
    patrons,
    unknownBarcode: sip2UnknownBarcode,
    controls,
    close() {
      stop();
      return listener.close();
    },
  };
}
