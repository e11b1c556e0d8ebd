import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import { type LoginControls, loginControls } from '../shared/login-counter.js';
import { assertWholeNumber, type EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { polarisSystemErrors } from './errors.js';
import { patronAuthenticator } from './patron-authenticator.js';
import { patronBasicData, patronCirculateBlocks, patronValidate } from './patron-methods.js';
import { patronSearch } from './patron-search.js';
import {
  type PapiKey,
  type PolarisPatron,
  type PolarisStaffUser,
  papiKeys,
  polarisPatrons,
  polarisStaffUsers,
} from './seed.js';
import type { SignatureCheck } from './signature-log.js';
import { staffAuthenticator } from './staff-authenticator.js';
import { PolarisState } from './state.js';

export interface PolarisEmulatorOptions extends EmulatorOptions {
  /** Staff AccessToken lifetime; Polaris's is 24 hours, which applies when this is not given. */
  tokenTtlSeconds?: number;
  /** How far `PolarisDate` may be from real time (default 300 s). */
  maxClockSkewSeconds?: number;
  /** Polaris's legacy patron scheme (default true): patron AccessSecrets never expire, `AuthExpDate` null. */
  legacyPatronAuthentication?: boolean;
  keys?: PapiKey[];
  staff?: PolarisStaffUser[];
  patrons?: PolarisPatron[];
}

export interface PolarisControls extends EmulatorControls, LoginControls {
  /** Every signature the emulator checked, newest last, with the string to sign it computed. */
  signatures(): SignatureCheck[];
  clearSignatures(): void;
  /** Ends every staff lockout at once (they also end by themselves, five minutes after the failures). */
  clearLockouts(): void;
  setMaxClockSkew(seconds: number): void;
}

export interface PolarisEmulator {
  /** The server's origin. */
  url: string;
  /** `${url}/PAPIService/REST`: what `polaris({ baseUrl })` takes. */
  baseUrl: string;
  /** `${baseUrl}/public/v1/1033/100/1`. */
  publicUrl: string;
  /** `${baseUrl}/protected/v1/1033/100/1`: the staff AccessToken follows it in protected URLs. */
  protectedUrl: string;
  port: number;
  credentials: {
    accessId: string;
    accessKey: string;
    staffDomain: string;
    staffUsername: string;
    staffPassword: string;
  };
  patrons: PolarisPatron[];
  controls: PolarisControls;
  close(): Promise<void>;
}

const DAY_SECONDS = 86_400;
const PAPI = '/PAPIService/REST';
const VERSION = String.raw`v1/(\d+)/(\d+)/(\d+)`;
const publicPath = (rest: string) => new RegExp(`^${PAPI}/public/${VERSION}/${rest}$`, 'i');
const protectedPath = (rest: string) => new RegExp(`^${PAPI}/protected/${VERSION}/${rest}$`, 'i');

/** The staff AccessToken is a path segment of protected URLs: the request log keeps a placeholder. */
function logPath(path: string): string {
  return path.replace(
    /^(\/PAPIService\/REST\/protected\/v1\/\d+\/\d+\/\d+\/)(?!authenticator\/)[^/]+/i,
    '$1{AccessToken}',
  );
}

/** Starts a Polaris PAPI emulator: signed requests, staff and patron authenticators, patron methods. */
export async function startPolarisEmulator(options: PolarisEmulatorOptions = {}): Promise<PolarisEmulator> {
  const runtime = createRuntime({ ...options, tokenTtlSeconds: options.tokenTtlSeconds ?? DAY_SECONDS });
  const seeds = {
    keys: structuredClone(options.keys ?? [...papiKeys]),
    staff: structuredClone(options.staff ?? [...polarisStaffUsers]),
    patrons: structuredClone(options.patrons ?? [...polarisPatrons]),
  };
  const key = seeds.keys[0];
  const staff = seeds.staff[0];
  if (!key) throw new RangeError('keys: at least one PAPI key is needed');
  if (!staff) throw new RangeError('staff: at least one staff user is needed');
  const state = new PolarisState(
    runtime,
    {
      maxClockSkewSeconds: assertWholeNumber('maxClockSkewSeconds', options.maxClockSkewSeconds ?? 300),
      legacyPatronAuthentication: options.legacyPatronAuthentication ?? true,
    },
    seeds,
  );
  const server = await serve(runtime, {
    system: 'polaris',
    routes: [
      route(
        'POST',
        protectedPath('authenticator/staff'),
        'polaris.authenticator.staff',
        (ctx) => staffAuthenticator(state, ctx),
        {
          tokenEndpoint: true,
        },
      ),
      route(
        'POST',
        publicPath('authenticator/patron'),
        'polaris.authenticator.patron',
        (ctx) => patronAuthenticator(state, ctx),
        {
          tokenEndpoint: true,
        },
      ),
      route('GET', publicPath('patron/([^/]+)'), 'polaris.patron.validate', (ctx) =>
        patronValidate(state, ctx),
      ),
      route('GET', publicPath('patron/([^/]+)/basicdata'), 'polaris.patron.basicdata', (ctx) =>
        patronBasicData(state, ctx),
      ),
      route(
        'GET',
        publicPath('patron/([^/]+)/circulationblocks'),
        'polaris.patron.circulationblocks',
        (ctx) => patronCirculateBlocks(state, ctx),
      ),
      route('GET', protectedPath('([^/]+)/search/patrons/boolean'), 'polaris.search.patrons', (ctx) =>
        patronSearch(state, ctx),
      ),
    ],
    errors: polarisSystemErrors,
    restart: () => state.restart(),
    logPath,
    adminReports: { logins: () => state.logins.snapshot(), signatures: () => state.signatures.entries() },
  });
  const url = server.origin;
  return {
    url,
    baseUrl: `${url}${PAPI}`,
    publicUrl: `${url}${PAPI}/public/v1/1033/100/1`,
    protectedUrl: `${url}${PAPI}/protected/v1/1033/100/1`,
    port: server.port,
    credentials: {
      accessId: key.accessId,
      accessKey: key.accessKey,
      staffDomain: staff.domain,
      staffUsername: staff.username,
      staffPassword: staff.password,
    },
    patrons: seeds.patrons,
    controls: {
      ...server.controls,
      ...loginControls(state.logins),
      signatures: () => state.signatures.entries(),
      clearSignatures: () => state.signatures.clear(),
      clearLockouts: () => state.staffLockout.clear(),
      setMaxClockSkew: (seconds) => {
        state.settings.maxClockSkewSeconds = assertWholeNumber('setMaxClockSkew(seconds)', seconds);
      },
    },
    close: () => server.close(),
  };
}
