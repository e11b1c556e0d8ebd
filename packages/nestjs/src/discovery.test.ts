import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { oauth2 } from '@ils-auth/core';
import { type OidcServer, signInAtOidcServer, startOidcServer } from '@ils-auth/test-support/oidc';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { Patron } from './patron.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

// panva's oidc-provider, an independent OpenID Connect server. Its metadata is answered slowly, as a
// server still starting would: the first patron arrives before the metadata was read.
let server: OidcServer;
let app: TestApp;

@Controller()
class IdpController {
  @Get('auth/idp/login')
  @UseGuards(IlsLoginGuard('idp'))
  login() {}

  // The redirect URI registered at the server, not <basePath>/idp/callback.
  @Get('auth/callback')
  @UseGuards(IlsLoginGuard('idp'))
  callback(@Patron() patron: Patron) {
    return patron;
  }
}

beforeAll(async () => {
  server = await startOidcServer();
  server.provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/.well-known/')) await sleep(300);
    await next();
  });
});
afterAll(() => server.close());
afterEach(() => app?.close());

describe('oauth2({ issuer }) with a registered redirectUri', () => {
  it('signs in the very first patron while the metadata is still being read, at the registered callback', async () => {
    app = await startTestApp(
      [
        IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: {
            idp: {
              provider: oauth2({
                id: 'idp',
                issuer: server.url,
                clientId: server.client.clientId,
                clientSecret: server.client.clientSecret,
                scopes: ['openid', 'profile', 'email'],
              }),
              redirectUri: server.client.redirectUri,
            },
          },
        }),
      ],
      [IdpController],
      (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    );
    const browser = new CookieJar();
    const start = await browser.fetch(`${app.url}/auth/idp/login`);
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(server.url);
    // Sent exactly as registered (another port than the app's: the server compares it character for character).
    expect(authorization.searchParams.get('redirect_uri')).toBe(server.client.redirectUri);

    const callback = new URL(await signInAtOidcServer(authorization.href, server.account.sub));
    expect(callback.pathname).toBe('/auth/callback');
    const landing = await browser.fetch(`${app.url}${callback.pathname}${callback.search}`);
    expect(landing.status).toBe(200);
    expect(await landing.json()).toMatchObject({
      provider: 'idp',
      patronId: server.account.sub,
      profile: { email: server.account.email },
    });
  });
});
