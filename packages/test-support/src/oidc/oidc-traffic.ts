import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { type OidcServer, signInAtOidcServer, startOidcServer } from './oidc-server.js';

/** What reached an oidc-provider test server, for the adapters' tests (`POST /token`, `GET /.well-known/…`). */
export interface OidcTraffic {
  readonly requests: string[];
  /** Requests to the token endpoint: a refused callback must not have made one. */
  tokenRequests(): number;
}

/**
 * Records every request the server receives, and can answer its metadata slowly: an application whose
 * first patron arrives before the metadata was read must wait for it, not turn the patron away.
 */
export function watchOidcServer(server: OidcServer, options: { metadataDelayMs?: number } = {}): OidcTraffic {
  const requests: string[] = [];
  server.provider.use(async (ctx, next) => {
    requests.push(`${ctx.method} ${ctx.path}`);
    if (options.metadataDelayMs && ctx.path.startsWith('/.well-known/')) await sleep(options.metadataDelayMs);
    await next();
  });
  return {
    requests,
    tokenRequests: () => requests.filter((request) => request === 'POST /token').length,
  };
}

/**
 * `oauth2()` options for the server's client described by its issuer alone, as Keycloak users configure
 * it: endpoints, auth methods and `iss` support come from the metadata; `openid` makes it OpenID Connect.
 */
export function issuerOptions(server: OidcServer) {
  return {
    id: 'idp',
    issuer: server.url,
    clientId: server.client.clientId,
    clientSecret: server.client.clientSecret,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
  };
}

/**
 * Starts the server (watched, see `watchOidcServer`) before the file's tests and stops it after them: for
 * the adapters' tests, which read it through the returned object once the tests run.
 */
export function useOidcServer(options: { metadataDelayMs?: number } = {}): {
  readonly server: OidcServer;
  readonly traffic: OidcTraffic;
} {
  const started: { server?: OidcServer; traffic?: OidcTraffic } = {};
  beforeAll(async () => {
    started.server = await startOidcServer();
    started.traffic = watchOidcServer(started.server, options);
  });
  afterAll(() => started.server?.close());
  return {
    get server() {
      return started.server!;
    },
    get traffic() {
      return started.traffic!;
    },
  };
}

/**
 * The patron's part at the server for an OpenID Connect sign-in the application started: the application
 * must have sent the browser to this server with a nonce, and the server answers with its `iss` (RFC 9207).
 * Returns the callback URL the server redirects to.
 */
export async function signInAtIssuer(
  server: OidcServer,
  start: { status: number; location?: string | undefined },
) {
  if (start.status !== 302 || !start.location) throw new Error(`the sign-in start answered ${start.status}`);
  const authorization = new URL(start.location);
  if (authorization.origin !== server.url) throw new Error(`sent to ${authorization.origin}, not the issuer`);
  if (!authorization.searchParams.get('nonce')) throw new Error('an OpenID Connect sign-in without a nonce');
  const callback = await signInAtOidcServer(authorization.href, server.account.sub);
  if (new URL(callback).searchParams.get('iss') !== server.url) throw new Error('the server sent no iss');
  return callback;
}
