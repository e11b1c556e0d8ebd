import { afterEach, describe, expect, it } from 'vitest';
import { oauth2 } from '../../providers/oauth2.js';
import { issuerOptions, signInAtIssuer, useOidcServer } from '../../test-support/oidc-traffic.js';
import {
  cookieHeader,
  ENGINE_TEST_SECRET,
  finishSignIn,
  getRequest,
  loadedRequest,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';

// oidc-provider, an independent OpenID Connect server, stands for Keycloak; its metadata comes slowly.
const idp = useOidcServer({ metadataDelayMs: 300 });
let engine: IlsAuthEngine | undefined;
afterEach(() => engine?.close());

/** An engine whose only provider is described by its issuer; the callback is the URI registered there. */
function startEngine(): IlsAuthEngine {
  engine = new IlsAuthEngine(
    {
      secret: ENGINE_TEST_SECRET,
      providers: {
        idp: { provider: oauth2(issuerOptions(idp.server)), redirectUri: idp.server.client.redirectUri },
      },
    },
    { owner: 'test' },
  );
  return engine;
}

/** The server's redirect back to the registered URI, as the app receives it, with the transaction cookie. */
function callbackRequest(callback: string, transaction: { name: string; value: string }) {
  const { pathname, search } = new URL(callback);
  return getRequest(`${pathname}${search}`, cookieHeader(transaction));
}

describe('oauth2({ issuer }) through the engine: discovery, OpenID Connect and the iss check', () => {
  it('signs in the very first patron, while the metadata is still being read', async () => {
    const web = startEngine();
    const start = await web.startCodeSignIn(getRequest('/auth/idp/login'), 'idp', {
      redirectUri: '/auth/idp/callback',
      returnTo: '/account',
    });
    const callback = await signInAtIssuer(idp.server, { status: start.status, location: start.location });
    const request = callbackRequest(callback, start.cookies[0]!);
    const cookies = await finishSignIn(web, request, await web.verifyCodeSignIn(request, 'idp'));
    const next = await loadedRequest(web, getRequest('/account', cookieHeader(cookies.at(-1)!)));
    expect(next.patron).toMatchObject({
      provider: 'idp',
      patronId: idp.server.account.sub,
      profile: { name: idp.server.account.name, email: idp.server.account.email },
    });
  });

  it('refuses a callback naming another issuer (issuer_mismatch) before any token request; the genuine one still works', async () => {
    const web = startEngine();
    const start = await web.startCodeSignIn(getRequest('/auth/idp/login'), 'idp', {
      redirectUri: '/auth/idp/callback',
    });
    const callback = await signInAtIssuer(idp.server, { status: start.status, location: start.location });
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    const tokenRequests = idp.traffic.tokenRequests();
    await expect(
      web.verifyCodeSignIn(callbackRequest(forged.href, start.cookies[0]!), 'idp'),
    ).rejects.toMatchObject({ code: 'issuer_mismatch' });
    expect(idp.traffic.tokenRequests()).toBe(tokenRequests);
    const signedIn = await web.verifyCodeSignIn(callbackRequest(callback, start.cookies[0]!), 'idp');
    expect(signedIn.session.patronId).toBe(idp.server.account.sub);
    expect(idp.traffic.tokenRequests()).toBe(tokenRequests + 1);
  });
});
