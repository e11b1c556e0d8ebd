import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { json, type SeenRequest, startScriptedServer } from '../test-support/scripted-server.js';
import { discoverProvider } from './discovery.js';
import { type OAuth2Options, oauth2 } from './oauth2.js';

type Server = Awaited<ReturnType<typeof startScriptedServer>>;
let server: Server;
/** What the scripted server publishes; each test shapes it. */
let metadata: Record<string, unknown> | undefined;
let rfc8414 = false;
let metadataStatus = 200;

const issuer = () => `${server.url}/realms/library`;
const metadataRequests = () => server.seen.filter((r) => r.url.includes('/.well-known/'));

beforeAll(async () => {
  server = await startScriptedServer((req: SeenRequest, res) => {
    if (req.url === '/.well-known/oauth-authorization-server/realms/library')
      return rfc8414 && metadata ? json(res, metadataStatus, metadata) : json(res, 404, {});
    if (req.url === '/realms/library/.well-known/openid-configuration')
      return !rfc8414 && metadata ? json(res, metadataStatus, metadata) : json(res, 404, {});
    if (req.url === '/realms/library/token')
      return json(res, 200, { access_token: 'app-token', token_type: 'Bearer', expires_in: 3600 });
    json(res, 404, {});
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  rfc8414 = false;
  metadataStatus = 200;
  metadata = {
    issuer: issuer(),
    authorization_endpoint: `${issuer()}/auth`,
    token_endpoint: `${issuer()}/token`,
    userinfo_endpoint: `${issuer()}/userinfo`,
    revocation_endpoint: `${issuer()}/revoke`,
    jwks_uri: `${issuer()}/certs`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  };
});

const provider = (extra: Partial<OAuth2Options> = {}) =>
  oauth2({ id: 'sso', issuer: issuer(), clientId: 'portal', clientSecret: 'portal-secret', ...extra });

async function failure(work: () => Promise<unknown>): Promise<IlsAuthError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isIlsAuthError(error)) throw new Error(`expected an IlsAuthError, got ${String(error)}`);
  return error;
}

describe('oauth2({ issuer }): discovery', () => {
  it('reads RFC 8414 metadata first, at the path the issuer path is appended to', async () => {
    rfc8414 = true;
    const discovered = await discoverProvider(provider());
    expect(discovered.endpoints.token).toBe(`${issuer()}/token`);
    expect(metadataRequests().map((r) => r.url)).toEqual([
      '/.well-known/oauth-authorization-server/realms/library',
    ]);
  });

  it('falls back to OpenID Connect Discovery when there is no RFC 8414 document', async () => {
    const discovered = await discoverProvider(provider());
    expect(discovered.endpoints).toMatchObject({
      authorization: `${issuer()}/auth`,
      revocation: `${issuer()}/revoke`,
    });
    expect(metadataRequests()).toHaveLength(2);
  });

  it('refuses metadata that names another issuer, before any token request', async () => {
    metadata = { ...metadata, issuer: 'https://impostor.example' };
    const error = await failure(() => createClient(provider()).getToken());
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('option `issuer`');
    expect(server.seen.some((r) => r.url.endsWith('/token'))).toBe(false);
  });

  it('reads the metadata once for any number of concurrent first callers, then from its cache', async () => {
    const descriptor = provider();
    const clients = Array.from({ length: 5 }, () => createClient(descriptor));
    await Promise.all(clients.flatMap((client) => [client.getToken(), client.getToken()]));
    await createClient(descriptor).getToken();
    expect(metadataRequests()).toHaveLength(2); // one 404 at the RFC 8414 path, one OpenID document
  });

  it('reads it again after discoveryMaxAgeSeconds, keeping the old copy (and saying so) when that fails', async () => {
    let now = 1_000_000;
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args), error() {} };
    const descriptor = provider({ discoveryMaxAgeSeconds: 60 });
    const client = createClient(descriptor, { clock: () => now, logger });
    await client.getToken();
    now += 61_000;
    metadataStatus = 503;
    rfc8414 = true;
    await client.invalidate();
    expect(await client.getToken()).toBe('app-token');
    expect(metadataRequests().length).toBe(3);
    expect(JSON.stringify(warnings)).toContain('previous copy');
    expect(JSON.stringify(warnings)).not.toContain('portal-secret');
  });

  it('requires iss in callbacks when the metadata says the server sends it, or the application asks', async () => {
    expect((await discoverProvider(provider())).issuerRequiredInCallback).toBe(false);
    expect(
      (await discoverProvider(provider({ requireIssuerInCallback: true }))).issuerRequiredInCallback,
    ).toBe(true);
    metadata = { ...metadata, authorization_response_iss_parameter_supported: true };
    expect((await discoverProvider(provider())).issuerRequiredInCallback).toBe(true);
  });

  it('lets explicit options win over the metadata', async () => {
    const discovered = await discoverProvider(
      provider({ tokenUrl: `${server.url}/elsewhere/token`, pkce: false }),
    );
    expect(discovered.endpoints.token).toBe(`${server.url}/elsewhere/token`);
    expect(discovered.pkce).toBe(false);
  });

  it('picks a client authentication method the server supports, and refuses one it does not', async () => {
    metadata = { ...metadata, token_endpoint_auth_methods_supported: ['client_secret_post'] };
    expect((await discoverProvider(provider())).tokenEndpointAuth).toBe('post');
    const error = await failure(() => discoverProvider(provider({ id: 'sso2', tokenEndpointAuth: 'basic' })));
    expect(error.message).toContain('option `tokenEndpointAuth`');
  });

  it('refuses a server that offers no PKCE S256 when ready() runs, before any patron is sent there', async () => {
    metadata = { ...metadata, code_challenge_methods_supported: ['plain'] };
    const auth = createPatronAuth(provider(), { redirectUri: 'http://127.0.0.1:5999/cb' });
    const error = await failure(() => auth.ready());
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('option `pkce`');
    expect(() => auth.authorizationUrl()).toThrow(/not been read yet/);
  });

  it('refuses a server without userinfo when nothing else says who signed in', async () => {
    const { userinfo_endpoint: _, ...withoutUserinfo } = metadata!;
    metadata = withoutUserinfo;
    const error = await failure(() => createPatronAuth(provider()).ready());
    expect(error.message).toContain('option `userinfoUrl`');
  });
});

describe('configuration errors known before a sign-in are raised at construction', () => {
  const plain = {
    tokenUrl: 'https://idp.example.org/token',
    authorizationUrl: 'https://idp.example.org/authorize',
    clientId: 'a',
    clientSecret: 'b',
  };
  const configFailure = (build: () => unknown) => {
    try {
      build();
    } catch (error) {
      if (isIlsAuthError(error)) return error;
    }
    throw new Error('expected a config_invalid error');
  };

  it('a code flow without userinfoUrl, mapProfile or openid: createPatronAuth() names userinfoUrl', () => {
    const error = configFailure(() => createPatronAuth(oauth2(plain)));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain('option `userinfoUrl`');
    expect(() =>
      createPatronAuth(oauth2({ ...plain, mapProfile: (r) => ({ id: String(r.user_id) }) })),
    ).not.toThrow();
  });

  it('the openid scope without an issuer names issuer', () => {
    expect(configFailure(() => oauth2({ ...plain, scopes: ['openid'] })).message).toContain(
      'option `issuer`',
    );
  });

  it('shared-secret id_token algorithms are refused', () => {
    const error = configFailure(() =>
      oauth2({ issuer: 'https://idp.example.org', clientId: 'a', idTokenAlgorithms: ['HS256'] }),
    );
    expect(error.message).toContain('option `idTokenAlgorithms`');
  });
});
