import type { EmulatorControls } from '../shared/controls.js';
import { createRuntime, serve } from '../shared/emulator-server.js';
import type { EmulatorOptions } from '../shared/options.js';
import { route } from '../shared/router.js';
import { withAnyToken, withPatronToken } from './bearer-auth.js';
import { getLibrary, listProducts, productAvailability } from './discovery.js';
import { overdriveSystemErrors } from './errors.js';
import { patronMe } from './patron-me.js';
import { patronTokenEndpoint } from './patron-token-endpoint.js';
import {
  type OverDriveClient,
  type OverDrivePatron,
  type OverDriveWebsite,
  overdriveClients,
  overdriveLibraries,
  overdrivePatrons,
  overdriveProducts,
  overdriveWebsites,
} from './seed.js';
import { OverDriveState } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';

export interface OverDriveOptions extends EmulatorOptions {
  /** API keys; the first is `credentials`. */
  clients?: OverDriveClient[];
  /** Websites; `credentials` names the first that needs a PIN and the first that does not. */
  websites?: OverDriveWebsite[];
  patrons?: OverDrivePatron[];
}

/**
 * The default client and the website that needs a PIN: exactly what a client configures, so that
 * `overdrive({ ...emulator.credentials, … })` of `@ils-auth/core` takes it as it is.
 */
export interface OverDriveCredentials {
  clientId: string;
  clientSecret: string;
  /** A website whose collection needs a PIN. */
  websiteId: number;
  authorizationName: string;
  /**
   * @deprecated Use `OverDriveEmulator.pinlessWebsiteId`. Not enumerable, so a spread leaves it out.
   */
  readonly pinlessWebsiteId: number;
  /** @deprecated Use `OverDriveEmulator.libraryId`. Not enumerable, so a spread leaves it out. */
  readonly libraryId: number;
}

export interface OverDriveEmulator {
  /** The server's origin; each real host is a path prefix below it. */
  url: string;
  /** Stands for https://oauth.overdrive.com. */
  oauthUrl: string;
  /** `${oauthUrl}/token`. */
  tokenUrl: string;
  /** Stands for https://oauth-patron.overdrive.com. */
  patronOauthUrl: string;
  /** `${patronOauthUrl}/patrontoken`. */
  patronTokenUrl: string;
  /** Stands for https://api.overdrive.com (Discovery). */
  apiUrl: string;
  /** Stands for https://patron.api.overdrive.com (Circulation). */
  patronApiUrl: string;
  port: number;
  credentials: OverDriveCredentials;
  /** A website whose collection needs no PIN (`password_required=false`), same authorization name. */
  pinlessWebsiteId: number;
  /** The library behind both websites (Discovery `GET /v1/libraries/{libraryId}`). */
  libraryId: number;
  patrons: OverDrivePatron[];
  websites: OverDriveWebsite[];
  controls: EmulatorControls;
  close(): Promise<void>;
}

/** Starts an OverDrive emulator: the four real hosts as path prefixes of one loopback server. */
export async function startOverDrive(options: OverDriveOptions = {}): Promise<OverDriveEmulator> {
  const runtime = createRuntime(options);
  const seeds = {
    clients: structuredClone(options.clients ?? [...overdriveClients]),
    websites: structuredClone(options.websites ?? [...overdriveWebsites]),
    patrons: structuredClone(options.patrons ?? [...overdrivePatrons]),
    libraries: structuredClone([...overdriveLibraries]),
    products: structuredClone([...overdriveProducts]),
  };
  const client = seeds.clients[0];
  const pinWebsite = seeds.websites.find((website) => website.pinRequired) ?? seeds.websites[0];
  const pinlessWebsite = seeds.websites.find((website) => !website.pinRequired) ?? pinWebsite;
  if (!client) throw new RangeError('clients: at least one client is needed');
  if (!pinWebsite || !pinlessWebsite) throw new RangeError('websites: at least one website is needed');
  const state = new OverDriveState(runtime, seeds);

  const routes = [
    route('POST', /^\/oauth\/token$/, 'overdrive.token', (ctx) => tokenEndpoint(state, ctx), {
      tokenEndpoint: true,
    }),
    route(
      'POST',
      /^\/oauth-patron\/patrontoken$/,
      'overdrive.patrontoken',
      (ctx) => patronTokenEndpoint(state, ctx),
      {
        tokenEndpoint: true,
      },
    ),
    route(
      'GET',
      /^\/patron-api\/v1\/patrons\/me$/,
      'overdrive.patrons.me',
      withPatronToken(state, (ctx, token) => patronMe(state, ctx, token)),
    ),
    route(
      'GET',
      /^\/api\/v1\/libraries\/(\d+)$/,
      'overdrive.libraries.get',
      withAnyToken(state, (ctx) => getLibrary(state, ctx)),
    ),
    route(
      'GET',
      /^\/api\/v1\/collections\/([^/]+)\/products$/,
      'overdrive.products.list',
      withAnyToken(state, (ctx) => listProducts(state, ctx)),
    ),
    route(
      'GET',
      /^\/api\/v1\/collections\/([^/]+)\/products\/([^/]+)\/availability$/,
      'overdrive.products.availability',
      withAnyToken(state, (ctx) => productAvailability(state, ctx)),
    ),
  ];

  const server = await serve(runtime, {
    system: 'overdrive',
    routes,
    errors: overdriveSystemErrors,
    restart: () => state.restart(),
  });
  const url = server.origin;
  return {
    url,
    oauthUrl: `${url}/oauth`,
    tokenUrl: `${url}/oauth/token`,
    patronOauthUrl: `${url}/oauth-patron`,
    patronTokenUrl: `${url}/oauth-patron/patrontoken`,
    apiUrl: `${url}/api`,
    patronApiUrl: `${url}/patron-api`,
    port: server.port,
    credentials: Object.defineProperties(
      {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        websiteId: pinWebsite.websiteId,
        authorizationName: pinWebsite.authorizationName,
      },
      {
        pinlessWebsiteId: { value: pinlessWebsite.websiteId, enumerable: false },
        libraryId: { value: pinWebsite.libraryId, enumerable: false },
      },
    ) as OverDriveCredentials,
    pinlessWebsiteId: pinlessWebsite.websiteId,
    libraryId: pinWebsite.libraryId,
    patrons: seeds.patrons,
    websites: seeds.websites,
    controls: server.controls,
    close: () => server.close(),
  };
}
