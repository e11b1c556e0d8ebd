import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { type LoginControls, loginControls } from '../shared/login-counter.js';
import type { EmulatorOptions } from '../shared/options.js';
import { type Handler, route } from '../shared/router.js';
import { symphonySystemErrors } from './errors.js';
import { patronLogin, staffLogin } from './logins.js';
import { authenticatePatron, getPatron, getPatronStatusInfo } from './patrons.js';
import { withClientHeaders } from './request-headers.js';
import {
  type SymphonyClient,
  type SymphonyPatron,
  type SymphonyStaffUser,
  symphonyClients,
  symphonyPatrons,
  symphonyStaffUsers,
} from './seed.js';
import { SymphonyState } from './state.js';

export interface SymphonyEmulatorOptions extends EmulatorOptions {
  /** Session token lifetime (default 3600 s; the real lifetime is a site setting). */
  tokenTtlSeconds?: number;
  clients?: SymphonyClient[];
  staff?: SymphonyStaffUser[];
  patrons?: SymphonyPatron[];
}

export interface SymphonyEmulator {
  /** The server's origin. */
  url: string;
  /** `${url}/symws`: the ILSWS web application, what `symphony({ baseUrl })` takes. */
  baseUrl: string;
  port: number;
  /** What the application sends: its client id, its app id, and the staff account. */
  credentials: { clientId: string; appId: string; staffLogin: string; staffPassword: string };
  patrons: SymphonyPatron[];
  controls: EmulatorControls & LoginControls;
  close(): Promise<void>;
}

const WEBAPP = '/symws';

/** Starts a SirsiDynix Symphony Web Services (ILSWS) emulator: staff and patron logins, patron records. */
export async function startSymphonyEmulator(
  options: SymphonyEmulatorOptions = {},
): Promise<SymphonyEmulator> {
  const runtime = createRuntime(options);
  const seeds = {
    clients: structuredClone(options.clients ?? [...symphonyClients]),
    staff: structuredClone(options.staff ?? [...symphonyStaffUsers]),
    patrons: structuredClone(options.patrons ?? [...symphonyPatrons]),
  };
  const client = seeds.clients[0];
  const staff = seeds.staff[0];
  if (!client) throw new RangeError('clients: at least one client is needed');
  if (!staff) throw new RangeError('staff: at least one staff user is needed');
  const state = new SymphonyState(runtime, seeds);
  const api = (
    method: string,
    path: string,
    endpoint: string,
    handle: Handler,
    options: { tokenEndpoint?: boolean } = {},
  ) => route(method, new RegExp(`^${WEBAPP}${path}$`), endpoint, withClientHeaders(state, handle), options);

  const server = await serve(runtime, {
    system: 'symphony',
    routes: [
      api('POST', '/user/staff/login', 'symphony.staff.login', (ctx) => staffLogin(state, ctx), {
        tokenEndpoint: true,
      }),
      api('POST', '/user/patron/login', 'symphony.patron.login', (ctx) => patronLogin(state, ctx), {
        tokenEndpoint: true,
      }),
      api('POST', '/user/patron/authenticate', 'symphony.patron.authenticate', (ctx) =>
        authenticatePatron(state, ctx),
      ),
      api('GET', '/user/patron/key/(\\w+)', 'symphony.patron.get', (ctx) => getPatron(state, ctx)),
      api('GET', '/user/patronStatusInfo/key/(\\w+)', 'symphony.patron.status', (ctx) =>
        getPatronStatusInfo(state, ctx),
      ),
    ],
    errors: symphonySystemErrors,
    restart: () => state.restart(),
    adminReports: { logins: () => state.logins.snapshot() },
  });
  return {
    url: server.origin,
    baseUrl: `${server.origin}${WEBAPP}`,
    port: server.port,
    credentials: {
      clientId: client.clientId,
      appId: 'ILSAUTH',
      staffLogin: staff.login,
      staffPassword: staff.password,
    },
    patrons: seeds.patrons,
    controls: { ...server.controls, ...loginControls(state.logins) },
    close: () => server.close(),
  };
}
