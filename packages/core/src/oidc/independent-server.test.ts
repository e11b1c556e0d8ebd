import { type OidcServer, signInAtOidcServer, startOidcServer } from '@ils-auth/test-support/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { refreshTokenGrant } from '../grants/refresh-token.js';
import type { Logger } from '../internal/logger.js';
import { createPatronAuth, type PatronAuth } from '../patrons/create-patron-auth.js';
import { discoverProvider } from '../providers/discovery.js';
import { oauth2 } from '../providers/oauth2.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TokenSet } from '../tokens/token-set.js';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(() => server.close());

const genericProvider = (extra: Partial<Parameters<typeof oauth2>[0]> = {}) =>
  oauth2({
    id: 'idp',
    issuer: server.url,
    clientId: server.client.clientId,
    clientSecret: server.client.clientSecret,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    appScope: 'catalogue',
    ...extra,
  });

async function readyAuth(logger?: Logger): Promise<PatronAuth> {
  const auth = createPatronAuth(genericProvider(), {
    store: new MemoryStore(),
    redirectUri: server.client.redirectUri,
    ...(logger ? { logger } : {}),
  });
  await auth.ready();
  return auth;
}

/** A sign-in up to the callback URL the server sends the browser back to. */
async function callbackFor(auth: PatronAuth) {
  const { url, transaction } = auth.authorizationUrl();
  return { callback: await signInAtOidcServer(url, server.account.sub), transaction };
}

/** What the server answers when the refresh token of `tokens` is used again, straight through the grant. */
async function refreshRefusal(tokens: TokenSet): Promise<string | undefined> {
  const context = { fetch, timeoutMs: 5000, maxBodyBytes: 65536, now: Date.now, userAgent: 'test' };
  const error = await refreshTokenGrant(await discoverProvider(genericProvider()), tokens, context).then(
    () => undefined,
    (e: unknown) => e,
  );
  return isIlsAuthError(error) ? error.code : undefined;
}

const userinfoStatus = async (accessToken: string) =>
  (await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

describe('the generic provider against oidc-provider, an independent OpenID Connect server', () => {
  it('discovers the endpoints from the OpenID metadata; explicit options win', async () => {
    const metadata = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    const discovered = await discoverProvider(genericProvider());
    expect(discovered.issuer).toBe(server.url);
    expect(discovered.endpoints).toMatchObject({
      token: metadata.token_endpoint,
      authorization: metadata.authorization_endpoint,
      userinfo: metadata.userinfo_endpoint,
      revocation: metadata.revocation_endpoint,
      jwks: metadata.jwks_uri,
    });
    expect(discovered.tokenEndpointAuth).toBe('basic');
    const explicit = await discoverProvider(
      genericProvider({ userinfoUrl: `${server.url}/custom-userinfo` }),
    );
    expect(explicit.endpoints.userinfo).toBe(`${server.url}/custom-userinfo`);
  });

  it('gets an application token by client credentials', async () => {
    const client = createClient(genericProvider());
    const token = await client.getTokenSet();
    expect(token.accessToken.length).toBeGreaterThan(20);
    expect(token.scope).toEqual(['catalogue']);
  });

  it('signs a patron in by code + PKCE + nonce, validates the id_token and reads the profile from it and UserInfo', async () => {
    const auth = await readyAuth();
    const { url, transaction } = auth.authorizationUrl();
    const query = new URL(url).searchParams;
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('nonce')).toBe(transaction.nonce);
    const callback = await signInAtOidcServer(url, server.account.sub);
    expect(new URL(callback).searchParams.get('iss')).toBe(server.url);
    const session = await auth.handleCallback(callback, transaction);
    expect(session.profile).toMatchObject({
      provider: 'idp',
      id: server.account.sub,
      name: server.account.name,
      email: server.account.email,
    });
    expect(session.refreshable).toBe(true);
  });

  it('rotates the refresh token; the server then refuses the old one', async () => {
    const auth = await readyAuth();
    const { callback, transaction } = await callbackFor(auth);
    const session = await auth.handleCallback(callback, transaction);
    const before = await auth.tokenSet(session.id);
    await auth.refresh(session.id);
    const after = await auth.tokenSet(session.id);
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(await userinfoStatus(after.accessToken)).toBe(200);
    expect(await refreshRefusal(before)).toBe('invalid_grant');
  });

  it('refuses a callback with another or no iss before its code is sent: the code still works afterwards', async () => {
    const auth = await readyAuth();
    const { callback, transaction } = await callbackFor(auth);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    const mixedUp = await auth.handleCallback(forged.href, transaction).catch((error: unknown) => error);
    expect(isIlsAuthError(mixedUp) && mixedUp.code).toBe('issuer_mismatch');
    forged.searchParams.delete('iss');
    const missing = await auth.handleCallback(forged.href, transaction).catch((error: unknown) => error);
    expect(isIlsAuthError(missing) && missing.code).toBe('issuer_mismatch');
    // Codes are single use: had either refused callback sent it, this exchange would fail.
    const session = await auth.handleCallback(callback, transaction);
    expect(session.patronId).toBe(server.account.sub);
  });

  it('refuses an id_token whose nonce is not the sign-in’s', async () => {
    const auth = await readyAuth();
    const { callback, transaction } = await callbackFor(auth);
    const error = await auth
      .handleCallback(callback, { ...transaction, nonce: 'another-sign-in-nonce' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_token');
    expect(String(error)).toContain('nonce');
  });

  it('revokes the refresh and access tokens at logout (RFC 7009)', async () => {
    const auth = await readyAuth();
    const { callback, transaction } = await callbackFor(auth);
    const session = await auth.handleCallback(callback, transaction);
    const tokens = await auth.tokenSet(session.id);
    expect(await userinfoStatus(tokens.accessToken)).toBe(200);
    await auth.logout(session.id);
    expect(await auth.getSession(session.id)).toBeUndefined();
    expect(await userinfoStatus(tokens.accessToken)).toBe(401);
    expect(await refreshRefusal(tokens)).toBe('invalid_grant');
  });
});
