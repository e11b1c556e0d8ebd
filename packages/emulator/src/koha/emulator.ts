import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { assertWholeNumber, type EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { kohaSystemErrors } from './errors.js';
import { validatePassword } from './password-validation.js';
import { getPatron, getPatronAccount, listPatrons } from './patrons.js';
import {
  type KohaClient,
  type KohaPatron,
  type KohaPatronAccount,
  type KohaPatronLogin,
  kohaClients,
  kohaPatronAccounts,
  kohaPatronLogins,
  kohaPatrons,
} from './seed.js';
import { type KohaPasswordValidationRelease, KohaState } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';

export interface KohaEmulatorOptions extends EmulatorOptions {
  /** API keys; the first is `credentials`. */
  clients?: KohaClient[];
  patrons?: KohaPatron[];
  /** Patrons' passwords (default: `kohaPatronLogins`). */
  logins?: KohaPatronLogin[];
  /** Patrons' account balances (default: `kohaPatronAccounts`; a patron not listed owes nothing). */
  accounts?: KohaPatronAccount[];
  /**
   * The password validation route as which release answers it: `current` (default; 201 with the patron's
   * id), `23.11` (`identifier` or `userid`, an empty 204) or `23.05` (`userid` only, 204).
   */
  passwordValidation?: KohaPasswordValidationRelease;
  /** Koha's FailedLoginAttempts preference: wrong passwords in a row that lock an account; 0 (default): off. */
  failedLoginAttempts?: number;
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
  /** The patrons' passwords (fake, public): what a demo lists for its visitors. */
  logins: KohaPatronLogin[];
  controls: EmulatorControls;
  close(): Promise<void>;
}

/**
 * Starts a Koha REST API emulator: its OAuth2 token endpoint, patron password validation, and the patron
 * record, search and account routes.
 */
export async function startKoha(options: KohaEmulatorOptions = {}): Promise<KohaEmulator> {
  const runtime = createRuntime(options);
  const seeds = {
    clients: structuredClone(options.clients ?? [...kohaClients]),
    patrons: structuredClone(options.patrons ?? [...kohaPatrons]),
    logins: structuredClone(options.logins ?? [...kohaPatronLogins]),
    accounts: structuredClone(options.accounts ?? [...kohaPatronAccounts]),
  };
  const client = seeds.clients[0];
  if (!client) throw new RangeError('clients: at least one client is needed');
  const passwordValidation = options.passwordValidation ?? 'current';
  if (!['current', '23.11', '23.05'].includes(passwordValidation))
    throw new RangeError('passwordValidation: expected "current", "23.11" or "23.05"');
  const failedLoginAttempts = assertWholeNumber('failedLoginAttempts', options.failedLoginAttempts ?? 0);
  const state = new KohaState(runtime, seeds, { passwordValidation, failedLoginAttempts });

  const server = await serve(runtime, {
    system: 'koha',
    routes: [
      route('POST', /^\/api\/v1\/oauth\/token$/, 'koha.token', (ctx) => tokenEndpoint(state, ctx), {
        tokenEndpoint: true,
      }),
      route('GET', /^\/api\/v1\/patrons$/, 'koha.patrons.list', (ctx) => listPatrons(state, ctx)),
      route('GET', /^\/api\/v1\/patrons\/(\d+)$/, 'koha.patrons.get', (ctx) => getPatron(state, ctx)),
      route('GET', /^\/api\/v1\/patrons\/(\d+)\/account$/, 'koha.patrons.account', (ctx) =>
        getPatronAccount(state, ctx),
      ),
      route('POST', /^\/api\/v1\/auth\/password\/validation$/, 'koha.password.validation', (ctx) =>
        validatePassword(state, ctx),
      ),
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
    logins: seeds.logins,
    controls: server.controls,
    close: () => server.close(),
  };
}
