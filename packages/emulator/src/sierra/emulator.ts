import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import type { EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { authorizeEndpoint } from './authorize-endpoint.js';
import { withToken } from './bearer-auth.js';
import { getBib } from './bibs.js';
import { sierraSystemErrors } from './error-codes.js';
import { findPatron, getPatron } from './patron-record.js';
import { authenticatePatron, validatePatron } from './patrons-validate.js';
import {
  type SierraBib,
  type SierraClient,
  type SierraPatron,
  sierraBibs,
  sierraClients,
  sierraPatrons,
} from './seed.js';
import { SierraState } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';
import { tokenInfo } from './token-info.js';

export interface SierraOptions extends EmulatorOptions {
  /** API keys; the first is `credentials`. Defaults to the seeds' two keys. */
  clients?: SierraClient[];
  patrons?: SierraPatron[];
  bibs?: SierraBib[];
}

export interface SierraEmulator {
  /** The API base, `http://127.0.0.1:PORT/iii/sierra-api`. */
  url: string;
  /** `${url}/v6/token`. */
  tokenUrl: string;
  /** `${url}/authorize`, the patron login page. */
  authorizeUrl: string;
  port: number;
  /** The first client: by default the seed's key `WO0rS+IFzwLnso/kmPGM6S9h5Lv8` / `pleaseletmein`. */
  credentials: { clientId: string; clientSecret: string };
  clients: SierraClient[];
  patrons: SierraPatron[];
  bibs: SierraBib[];
  controls: EmulatorControls;
  close(): Promise<void>;
}

const BASE_PATH = '/iii/sierra-api';
const versioned = (rest: string) => new RegExp(`^${BASE_PATH}/v[56]${rest}$`);

/** Starts a Sierra REST API emulator on loopback, as docs/providers.md describes it. */
export async function startSierra(options: SierraOptions = {}): Promise<SierraEmulator> {
  const runtime = createRuntime(options);
  const clients = structuredClone(options.clients ?? [...sierraClients]);
  const patrons = structuredClone(options.patrons ?? [...sierraPatrons]);
  const bibs = structuredClone(options.bibs ?? [...sierraBibs]);
  const first = clients[0];
  if (!first) throw new RangeError('clients: at least one client is needed');
  const state = new SierraState(runtime, clients, patrons, bibs);

  const routes = [
    route(
      'POST',
      new RegExp(`^${BASE_PATH}(?:/v[56])?/token$`),
      'sierra.token',
      (ctx) => tokenEndpoint(state, ctx),
      {
        tokenEndpoint: true,
      },
    ),
    route(['GET', 'POST'], new RegExp(`^${BASE_PATH}(?:/v[56])?/authorize$`), 'sierra.authorize', (ctx) =>
      authorizeEndpoint(state, ctx),
    ),
    route(
      'GET',
      versioned('/info/token'),
      'sierra.info.token',
      withToken(state, (_ctx, token) => tokenInfo(state, token)),
    ),
    route(
      'POST',
      versioned('/patrons/validate'),
      'sierra.patrons.validate',
      withToken(state, (ctx) => validatePatron(state, ctx), true),
    ),
    route(
      'POST',
      versioned('/patrons/auth'),
      'sierra.patrons.auth',
      withToken(state, (ctx) => authenticatePatron(state, ctx), true),
    ),
    route(
      'GET',
      versioned('/patrons/find'),
      'sierra.patrons.find',
      withToken(state, (ctx) => findPatron(state, ctx), true),
    ),
    route(
      'GET',
      versioned('/patrons/(\\d+)'),
      'sierra.patrons.get',
      withToken(state, (ctx, token) => getPatron(state, ctx, token)),
    ),
    route(
      'GET',
      versioned('/bibs/(\\d+)'),
      'sierra.bibs.get',
      withToken(state, (ctx) => getBib(state, ctx)),
    ),
  ];

  const server = await serve(runtime, {
    system: 'sierra',
    routes,
    errors: sierraSystemErrors,
    restart: () => state.restart(),
  });
  const url = `${server.origin}${BASE_PATH}`;
  return {
    url,
    tokenUrl: `${url}/v6/token`,
    authorizeUrl: `${url}/authorize`,
    port: server.port,
    credentials: { clientId: first.clientId, clientSecret: first.clientSecret },
    clients,
    patrons,
    bibs,
    controls: server.controls,
    close: () => server.close(),
  };
}
