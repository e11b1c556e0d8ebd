import { oauth2, type PatronProfile } from '@ils-auth/core';
import { Browser } from '@ils-auth/test-support';
import { issuerOptions, signInAtIssuer, useOidcServer } from '@ils-auth/test-support/oidc';
import { afterEach, describe, expect, it } from 'vitest';
import { IlsOAuth2Strategy } from './index.js';
import { COOKIE_SECRET } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// oidc-provider, an independent OpenID Connect server, stands for Keycloak; its metadata comes slowly.
const idp = useOidcServer({ metadataDelayMs: 300 });
let app: TestApp;
afterEach(() => app?.close());

/** An app with one strategy for a provider described by its issuer; transactions wait in express-session. */
async function startApp(): Promise<TestApp> {
  const strategy = new IlsOAuth2Strategy(
    {
      name: 'idp',
      provider: oauth2(issuerOptions(idp.server)),
      callbackURL: idp.server.client.redirectUri,
      secret: COOKIE_SECRET,
    },
    async (_accessToken, _refreshToken, profile: PatronProfile) => ({ id: profile.id, name: profile.name }),
  );
  return startTestApp({ strategies: [strategy], session: true });
}

/** The server's redirect back to the registered URI, sent to the test app's callback route instead. */
const atApp = (callback: string) => `${app.url}/auth/idp/callback${new URL(callback).search}`;

describe('IlsOAuth2Strategy with oauth2({ issuer }): discovery, OpenID Connect and the iss check', () => {
  it('signs in the very first patron, while the metadata is still being read', async () => {
    app = await startApp();
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/idp`);
    const callback = await signInAtIssuer(idp.server, start);

    const done = await browser.request(atApp(callback));
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({
      kind: 'success',
      user: { id: idp.server.account.sub, name: idp.server.account.name },
    });
  });

  it('fails a callback naming another issuer with 403 issuer_mismatch, before any token request', async () => {
    app = await startApp();
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/idp`);
    const callback = new URL(atApp(await signInAtIssuer(idp.server, start)));
    callback.searchParams.set('iss', 'https://attacker.example');
    const tokenRequests = idp.traffic.tokenRequests();

    const refused = await browser.request(callback);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'fail', info: { code: 'issuer_mismatch' } });
    expect(idp.traffic.tokenRequests()).toBe(tokenRequests);
  });
});
