import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { htmlReply } from '../shared/http.js';
import { type LoginControls, loginControls } from '../shared/login-counter.js';
import { assertWholeNumber, type EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { gateway, notFoundPage } from './gateway.js';
import { type EvergreenUser, evergreenUsers } from './seed.js';
import { DEFAULT_IDLE_TIMEOUTS, EvergreenState, type IdleTimeouts } from './state.js';

export interface EvergreenEmulatorOptions extends EmulatorOptions {
  /** When given, the idle timeout of every login type; else each type's own (opac 420 s, staff 7200 s, …). */
  tokenTtlSeconds?: number;
  /** Idle timeouts per login type, seconds; merged over the defaults. */
  idleTimeouts?: IdleTimeouts;
  users?: EvergreenUser[];
}

export interface EvergreenControls extends EmulatorControls, LoginControls {
  /** The idle timeout of one login type (`opac`, `staff`, `temp`, `api`, `persist`) for new sessions. */
  setIdleTimeout(type: string, seconds: number): void;
  /** Ends every brute-force block at once (they also end 90 s after the latest failure). */
  clearLoginBlocks(): void;
}

export interface EvergreenEmulator {
  /** The site's origin: what `evergreen({ baseUrl })` takes. */
  url: string;
  /** `${url}/osrf-gateway-v1`. */
  gatewayUrl: string;
  port: number;
  /** The staff user the application signs in with. */
  credentials: { username: string; password: string };
  users: EvergreenUser[];
  controls: EvergreenControls;
  close(): Promise<void>;
}

/** Starts an Evergreen emulator: the OpenSRF gateway with `open-ils.auth` and a few `open-ils.actor` methods. */
export async function startEvergreenEmulator(
  options: EvergreenEmulatorOptions = {},
): Promise<EvergreenEmulator> {
  const runtime = createRuntime(options);
  const idleTimeouts: IdleTimeouts = { ...DEFAULT_IDLE_TIMEOUTS, ...options.idleTimeouts };
  if (options.tokenTtlSeconds !== undefined) {
    for (const type of Object.keys(idleTimeouts)) idleTimeouts[type] = runtime.settings.tokenTtlSeconds;
  }
  for (const [type, seconds] of Object.entries(idleTimeouts))
    assertWholeNumber(`idleTimeouts.${type}`, seconds);
  const users = structuredClone(options.users ?? [...evergreenUsers]);
  const staff = users.find((user) => user.kind === 'staff' && user.active && !user.barred);
  if (!staff) throw new RangeError('users: an active staff user is needed');
  const state = new EvergreenState(runtime, idleTimeouts, users);

  const server = await serve(runtime, {
    system: 'evergreen',
    routes: [
      route(['GET', 'POST'], /^\/osrf-gateway-v1$/, 'evergreen.gateway', (ctx) => gateway(state, ctx)),
    ],
    errors: {
      forStatus: (status) =>
        status === 404
          ? notFoundPage()
          : htmlReply(status, `<!DOCTYPE HTML><html><body><h1>${status}</h1></body></html>`),
    },
    restart: () => state.restart(),
    adminReports: { logins: () => state.logins.snapshot() },
  });
  return {
    url: server.origin,
    gatewayUrl: `${server.origin}/osrf-gateway-v1`,
    port: server.port,
    credentials: { username: staff.usrname, password: staff.password },
    users,
    controls: {
      ...server.controls,
      ...loginControls(state.logins),
      // The shared control sets every login type at once, as the option does.
      setTokenTtl: (seconds) => {
        server.controls.setTokenTtl(seconds);
        for (const type of Object.keys(idleTimeouts)) idleTimeouts[type] = seconds;
      },
      setIdleTimeout: (type, seconds) => {
        idleTimeouts[type] = assertWholeNumber(`setIdleTimeout(${type})`, seconds);
      },
      clearLoginBlocks: () => state.loginBlock.clear(),
    },
    close: () => server.close(),
  };
}
