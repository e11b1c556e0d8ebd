import { oauth2 } from '@ils-auth/core';
import { Browser } from '@ils-auth/test-support';
import { issuerOptions, signInAtIssuer, useOidcServer } from '@ils-auth/test-support/oidc';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

// oidc-provider, an independent OpenID Connect server, stands for Keycloak; its metadata comes slowly.
const idp = useOidcServer({ metadataDelayMs: 300 });
let app: TestApp;
afterEach(() => app?.close());

/** An app whose only provider is described by its issuer; the callback is the URI registered at the server. */
async function startApp(): Promise<TestApp> {
  return startTestApp({
    providers: {
      idp: {
        provider: oauth2(issuerOptions(idp.server)),
        redirectUri: idp.server.client.redirectUri,
      },
    },
  });
}

/** The server's redirect back to the registered URI, sent to the app instead (same path and query). */
const atApp = (callback: string) => `${app.url}${new URL(callback).pathname}${new URL(callback).search}`;

describe('oauth2({ issuer }) through the Express router: discovery, OpenID Connect and the iss check', () => {
  it('signs in the very first patron, while the metadata is still being read', async () => {
    app = await startApp();
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/idp/login?returnTo=/account`);
    const callback = await signInAtIssuer(idp.server, start);

    const landing = await browser.navigate(atApp(callback));
    expect(landing.url).toBe(`${app.url}/account`);
    expect(JSON.parse(landing.body).patron).toMatchObject({
      provider: 'idp',
      patronId: idp.server.account.sub,
      profile: { name: idp.server.account.name, email: idp.server.account.email },
    });
  });

  it('refuses a callback naming another issuer with 403 issuer_mismatch, before any token request', async () => {
    app = await startApp();
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/idp/login?returnTo=/account`);
    const callback = await signInAtIssuer(idp.server, start);
    const transactionCookie = browser.all().find((cookie) => cookie.path === '/auth/callback')!;
    const forged = new URL(atApp(callback));
    forged.searchParams.set('iss', 'https://attacker.example');
    const tokenRequests = idp.traffic.tokenRequests();

    const refused = await browser.request(forged.href, { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('issuer_mismatch');
    expect(idp.traffic.tokenRequests()).toBe(tokenRequests);
    // The code never left: with its transaction back, the genuine callback still signs the patron in.
    browser.setCookie(transactionCookie);
    const landing = await browser.navigate(atApp(callback));
    expect(JSON.parse(landing.body).patron.patronId).toBe(idp.server.account.sub);
    expect(idp.traffic.tokenRequests()).toBe(tokenRequests + 1);
  });
});
