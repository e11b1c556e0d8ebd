import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { type LoginControls, loginControls } from '../shared/login-counter.js';
import { assertWholeNumber, type EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { folioSystemErrors } from './errors.js';
import { legacyLogin, loginWithExpiry } from './login-endpoints.js';
import { logoutEndpoint } from './logout-endpoint.js';
import { accounts, manualBlocks } from './patron-standing.js';
import { refreshEndpoint } from './refresh-endpoint.js';
import { FOLIO_TENANT, type FolioUser, folioUsers } from './seed.js';
import { type FolioMode, FolioState } from './state.js';
import { withTenant } from './tenant-header.js';
import { getUser, searchUsers } from './users.js';

export interface FolioEmulatorOptions extends EmulatorOptions {
  /** `okapi` (default): mod-login, 422 for wrong credentials. `eureka`: mod-login-keycloak behind Kong. */
  mode?: FolioMode;
  /** The tenant every call must name in `X-Okapi-Tenant` (default `diku`). */
  tenant?: string;
  /** Access token lifetime; FOLIO's default is 600 s, which applies when this is not given. */
  tokenTtlSeconds?: number;
  /** Refresh token lifetime (default 604800 s, seven days). */
  refreshTokenTtlSeconds?: number;
  /** Whether the deprecated `/authn/login` answers (default true); else 404. */
  legacyLogin?: boolean;
  /** Users; the first staff user is `credentials`. */
  users?: FolioUser[];
}

export interface FolioControls extends EmulatorControls, LoginControls {
  /** Lifetime of refresh tokens issued from now on. */
  setRefreshTokenTtl(seconds: number): void;
  /** Refresh tokens of a user neither spent, revoked nor expired. */
  liveRefreshTokens(userId: string): number;
}

export interface FolioEmulator {
  /** The gateway's origin (what FOLIO clients call `okapiUrl`). */
  url: string;
  port: number;
  tenant: string;
  /** The application (staff) user: what `folio({ okapiUrl, tenant, username, password })` takes. */
  credentials: { tenant: string; username: string; password: string };
  users: FolioUser[];
  controls: FolioControls;
  close(): Promise<void>;
}

const DEFAULT_ACCESS_TTL_SECONDS = 600;
const DEFAULT_REFRESH_TTL_SECONDS = 604_800;

/** Starts a FOLIO emulator: mod-login's `/authn/*`, mod-users' `/users`, and fees and blocks. */
export async function startFolioEmulator(options: FolioEmulatorOptions = {}): Promise<FolioEmulator> {
  const runtime = createRuntime({
    ...options,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_ACCESS_TTL_SECONDS,
  });
  const mode = options.mode ?? 'okapi';
  if (mode !== 'okapi' && mode !== 'eureka')
    throw new RangeError(`mode: expected "okapi" or "eureka", got ${String(mode)}`);
  const tenant = options.tenant ?? FOLIO_TENANT;
  const users = structuredClone(options.users ?? [...folioUsers]);
  const staff = users.find((user) => user.kind === 'staff' && user.active);
  if (!staff) throw new RangeError('users: an active staff user is needed');
  const state = new FolioState(
    runtime,
    {
      mode,
      tenant,
      refreshTokenTtlSeconds: assertWholeNumber(
        'refreshTokenTtlSeconds',
        options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS,
      ),
      legacyLogin: options.legacyLogin ?? true,
    },
    users,
  );
  const tenantRoute = (
    method: string,
    pattern: RegExp,
    endpoint: string,
    handle: Parameters<typeof withTenant>[1],
    tokenEndpoint = false,
  ) => route(method, pattern, endpoint, withTenant(state, handle), { tokenEndpoint });

  const server = await serve(runtime, {
    system: 'folio',
    routes: [
      tenantRoute(
        'POST',
        /^\/authn\/login-with-expiry$/,
        'folio.login-with-expiry',
        (ctx) => loginWithExpiry(state, ctx),
        true,
      ),
      tenantRoute('POST', /^\/authn\/login$/, 'folio.login', (ctx) => legacyLogin(state, ctx), true),
      tenantRoute('POST', /^\/authn\/refresh$/, 'folio.refresh', (ctx) => refreshEndpoint(state, ctx), true),
      tenantRoute('POST', /^\/authn\/logout$/, 'folio.logout', (ctx) => logoutEndpoint(state, ctx)),
      tenantRoute('POST', /^\/authn\/logout-all$/, 'folio.logout-all', (ctx) =>
        logoutEndpoint(state, ctx, true),
      ),
      tenantRoute('GET', /^\/users$/, 'folio.users.search', (ctx) => searchUsers(state, ctx)),
      tenantRoute('GET', /^\/users\/([\w-]+)$/, 'folio.users.get', (ctx) => getUser(state, ctx)),
      tenantRoute('GET', /^\/manualblocks$/, 'folio.manualblocks', (ctx) => manualBlocks(state, ctx)),
      tenantRoute('GET', /^\/accounts$/, 'folio.accounts', (ctx) => accounts(state, ctx)),
    ],
    errors: folioSystemErrors,
    restart: () => state.restart(),
    adminReports: { logins: () => state.logins.snapshot() },
  });
  return {
    url: server.origin,
    port: server.port,
    tenant,
    credentials: { tenant, username: staff.username, password: staff.password },
    users,
    controls: {
      ...server.controls,
      ...loginControls(state.logins),
      setRefreshTokenTtl: (seconds) => {
        state.settings.refreshTokenTtlSeconds = assertWholeNumber('setRefreshTokenTtl(seconds)', seconds);
      },
      liveRefreshTokens: (userId) => state.refreshTokens.liveCount(userId),
    },
    close: () => server.close(),
  };
}
