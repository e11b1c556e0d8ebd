import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { htmlReply } from '../shared/http.js';
import type { EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { authorizeEndpoint, oauthErrorsEndpoint } from './authorize-endpoint.js';
import { reroSystemErrors } from './errors.js';
import { homePage } from './pages.js';
import { patronInfo } from './patron-info.js';
import { type ReroClient, type ReroPatron, reroClients, reroPatrons } from './seed.js';
import { currentSession } from './session.js';
import { signinEndpoint } from './signin-endpoint.js';
import { type PatronInfoShape, ReroState } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';

export type { PatronInfoShape } from './state.js';

export interface ReroOptions extends EmulatorOptions {
  /** OAuth clients; the first is `credentials`. */
  clients?: ReroClient[];
  patrons?: ReroPatron[];
  /** Shape of `/api/patrons/info`: today's (default) or the one in RERO's documentation. */
  patronInfoShape?: PatronInfoShape;
}

export interface ReroControls extends EmulatorControls {
  setPatronInfoShape(shape: PatronInfoShape): void;
}

export interface ReroEmulator {
  /** The instance's origin, `http://127.0.0.1:PORT`. */
  url: string;
  /** `${url}/oauth/authorize`. */
  authorizeUrl: string;
  /** `${url}/oauth/token`. */
  tokenUrl: string;
  /** `${url}/api/patrons/info`. */
  patronInfoUrl: string;
  /** `${url}/signin`. */
  signinUrl: string;
  port: number;
  credentials: { clientId: string; clientSecret: string };
  patrons: ReroPatron[];
  /** Adds (or replaces) a client, e.g. one with exact redirect URIs. */
  registerClient(client: ReroClient): void;
  setPatronInfoShape(shape: PatronInfoShape): void;
  controls: ReroControls;
  close(): Promise<void>;
}

function assertShape(shape: unknown): PatronInfoShape {
  if (shape !== 'current' && shape !== 'legacy') {
    throw new RangeError(`patronInfoShape: expected "current" or "legacy", got ${String(shape)}`);
  }
  return shape;
}

function assertClient(client: ReroClient): ReroClient {
  if (
    !client ||
    typeof client.clientId !== 'string' ||
    client.clientId === '' ||
    typeof client.clientSecret !== 'string'
  ) {
    throw new TypeError('registerClient: clientId and clientSecret must be strings');
  }
  return structuredClone(client);
}

/** Starts a RERO ILS (Invenio OAuth server) emulator on loopback. */
export async function startRero(options: ReroOptions = {}): Promise<ReroEmulator> {
  const runtime = createRuntime(options);
  const clients = (options.clients ?? [...reroClients]).map(assertClient);
  const patrons = structuredClone(options.patrons ?? [...reroPatrons]);
  const first = clients[0];
  if (!first) throw new RangeError('clients: at least one client is needed');
  const state = new ReroState(runtime, clients, patrons, assertShape(options.patronInfoShape ?? 'current'));

  const routes = [
    route('GET', /^\/$/, 'rero.home', (ctx) => {
      const session = currentSession(state, ctx);
      return htmlReply(200, homePage(patrons.find((patron) => patron.userId === session?.value.userId)));
    }),
    route(['GET', 'POST'], /^\/signin\/?$/, 'rero.signin', (ctx) => signinEndpoint(state, ctx)),
    route(['GET', 'POST'], /^\/oauth\/authorize$/, 'rero.authorize', (ctx) => authorizeEndpoint(state, ctx)),
    route('GET', /^\/oauth\/errors$/, 'rero.errors', (ctx) => oauthErrorsEndpoint(ctx)),
    route('POST', /^\/oauth\/token$/, 'rero.token', (ctx) => tokenEndpoint(state, ctx), {
      tokenEndpoint: true,
    }),
    route('GET', /^\/api\/patrons\/info$/, 'rero.patrons.info', (ctx) => patronInfo(state, ctx)),
  ];

  const server = await serve(runtime, {
    system: 'rero',
    routes,
    errors: reroSystemErrors,
    restart: () => state.restart(),
  });
  const setPatronInfoShape = (shape: PatronInfoShape) => {
    state.patronInfoShape = assertShape(shape);
  };
  const url = server.origin;
  return {
    url,
    authorizeUrl: `${url}/oauth/authorize`,
    tokenUrl: `${url}/oauth/token`,
    patronInfoUrl: `${url}/api/patrons/info`,
    signinUrl: `${url}/signin`,
    port: server.port,
    credentials: { clientId: first.clientId, clientSecret: first.clientSecret },
    patrons,
    registerClient: (client) => {
      const valid = assertClient(client);
      state.clients.set(valid.clientId, valid);
    },
    setPatronInfoShape,
    controls: { ...server.controls, setPatronInfoShape },
    close: () => server.close(),
  };
}
