import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import type { EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { kohaSystemErrors } from './errors.js';
import { getPatron } from './patrons.js';
import { type KohaClient, type KohaPatron, kohaClients, kohaPatrons } from './seed.js';
import { KohaState } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';

export interface KohaEmulatorOptions extends EmulatorOptions {
  /** API keys; the first is `credentials`. */
  clients?: KohaClient[];
  patrons?: KohaPatron[];
}

export interface KohaEmulator {
  /** Stands for the Koha staff interface's origin, where `/api/v1` lives. */
  url: string;
  /** `${url}/api/v1/oauth/token`. */
  tokenUrl: string;
  /** `${url}/api/v1`. */
  apiUrl: string;
  port: number;
  /** An active API key whose staff user may read patrons. */
  credentials: { clientId: string; clientSecret: string };
  patrons: KohaPatron[];
  controls: EmulatorControls;
  close(): Promise<void>;
}

/** Starts a Koha REST API emulator: its OAuth2 token endpoint and the patron record route. */
export async function startKoha(options: KohaEmulatorOptions = {}): Promise<KohaEmulator> {
  const runtime = createRuntime(options);
  const seeds = {
    clients: structuredClone(options.clients ?? [...kohaClients]),
    patrons: structuredClone(options.patrons ?? [...kohaPatrons]),
  };
  const client = seeds.clients[0];
  if (!client) throw new RangeError('clients: at least one client is needed');
  const state = new KohaState(runtime, seeds);

  const server = await serve(runtime, {
    system: 'koha',
    routes: [
      route('POST', /^\/api\/v1\/oauth\/token$/, 'koha.token', (ctx) => tokenEndpoint(state, ctx), {
        tokenEndpoint: true,
      }),
      route('GET', /^\/api\/v1\/patrons\/(\d+)$/, 'koha.patrons.get', (ctx) => getPatron(state, ctx)),
    ],
    errors: kohaSystemErrors,
    restart: () => state.restart(),
  });
  const url = server.origin;
  return {
    url,
    tokenUrl: `${url}/api/v1/oauth/token`,
    apiUrl: `${url}/api/v1`,
    port: server.port,
    credentials: { clientId: client.clientId, clientSecret: client.clientSecret },
    patrons: seeds.patrons,
    controls: server.controls,
    close: () => server.close(),
  };
}
