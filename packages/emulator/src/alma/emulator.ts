import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { type LoginControls, loginControls } from '../shared/login-counter.js';
import { assertWholeNumber, type EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { almaSystemErrors } from './errors.js';
import { type AlmaApiKey, type AlmaUser, almaApiKeys, almaUsers } from './seed.js';
import { AlmaState } from './state.js';
import { authenticateUser, getUser } from './users.js';

export interface AlmaEmulatorOptions extends EmulatorOptions {
  /** Calls per second per API key before 429 `PER_SECOND_THRESHOLD` (default 50, Alma's production limit). */
  perSecondThreshold?: number;
  keys?: AlmaApiKey[];
  users?: AlmaUser[];
}

export interface AlmaControls extends EmulatorControls, LoginControls {
  setPerSecondThreshold(calls: number): void;
  /** Requests that carried a password in the query string: a correct client keeps this at 0. */
  passwordsInUrl(): number;
}

export interface AlmaEmulator {
  /** The regional API gateway's origin. */
  url: string;
  /** `${url}/almaws/v1`: what `alma({ apiUrl })` takes. */
  apiUrl: string;
  port: number;
  /** An API key that may call the Users API. */
  credentials: { apiKey: string };
  users: AlmaUser[];
  controls: AlmaControls;
  close(): Promise<void>;
}

/** Starts an Ex Libris Alma API emulator: the Users API's `op=auth` and user records behind an API key. */
export async function startAlmaEmulator(options: AlmaEmulatorOptions = {}): Promise<AlmaEmulator> {
  const runtime = createRuntime(options);
  const seeds = {
    keys: structuredClone(options.keys ?? [...almaApiKeys]),
    users: structuredClone(options.users ?? [...almaUsers]),
  };
  const key = seeds.keys.find((candidate) => candidate.areas.includes('users'));
  if (!key) throw new RangeError('keys: a key for the users area is needed');
  const state = new AlmaState(
    runtime,
    seeds,
    assertWholeNumber('perSecondThreshold', options.perSecondThreshold ?? 50),
  );
  const server = await serve(runtime, {
    system: 'alma',
    routes: [
      route(
        'POST',
        /^\/almaws\/v1\/users\/([^/]+)$/,
        'alma.users.auth',
        (ctx) => authenticateUser(state, ctx),
        {
          tokenEndpoint: true,
        },
      ),
      route('GET', /^\/almaws\/v1\/users\/([^/]+)$/, 'alma.users.get', (ctx) => getUser(state, ctx)),
    ],
    errors: almaSystemErrors,
    restart: () => state.restart(),
    adminReports: {
      logins: () => state.logins.snapshot(),
      'passwords-in-url': () => ({ count: state.passwordsInUrl }),
    },
  });
  return {
    url: server.origin,
    apiUrl: `${server.origin}/almaws/v1`,
    port: server.port,
    credentials: { apiKey: key.apiKey },
    users: seeds.users,
    controls: {
      ...server.controls,
      ...loginControls(state.logins),
      setPerSecondThreshold: (calls) => {
        state.perSecondThreshold = assertWholeNumber('setPerSecondThreshold(calls)', calls);
      },
      passwordsInUrl: () => state.passwordsInUrl,
    },
    close: () => server.close(),
  };
}
