import 'reflect-metadata';
import { inspect } from 'node:util';
import { overdrive, rero } from '@ils-auth/core';
import {
  type OverDriveEmulator,
  type ReroEmulator,
  signInOnRero,
  startOverDrive,
  startRero,
} from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller()
class PatronController {
  // @Inject names the token: a type-only import (as linters suggest) would lose the decorator metadata.
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Post('auth/overdrive/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('overdrive'))
  login(@Patron() patron: Patron) {
    return { patron, inspected: inspect(patron) };
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Patron() patron: Patron) {
    return patron;
  }

  @Get('me/record')
  @UseGuards(PatronGuard)
  async record(@Req() req: IlsAuthRequest) {
    const path = req.patron?.provider === 'overdrive' ? 'v1/patrons/me' : 'api/patrons/info';
    const answer = await this.ils.patronFetch(req, path);
    return { status: answer.status, record: await answer.json() };
  }
}

let od: OverDriveEmulator;
let reroEmulator: ReroEmulator;
let app: TestApp;

beforeAll(async () => {
  [od, reroEmulator] = await Promise.all([startOverDrive(), startRero()]);
  const c = od.credentials;
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        secureCookies: true,
        providers: {
          overdrive: overdrive({
            clientId: c.clientId,
            clientSecret: c.clientSecret,
            websiteId: c.websiteId,
            authorizationName: c.authorizationName,
            allowPasswordGrant: true,
            oauthUrl: od.oauthUrl,
            patronOauthUrl: od.patronOauthUrl,
            apiUrl: od.apiUrl,
            patronApiUrl: od.patronApiUrl,
          }),
          rero: rero({ baseUrl: reroEmulator.url, ...reroEmulator.credentials }),
        },
      }),
    ],
    [PatronController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterAll(async () => {
  await app.close();
  await Promise.all([od.close(), reroEmulator.close()]);
});
afterEach(() => {
  od.controls.clearFaults();
});

describe('OverDrive card + PIN through IlsLoginGuard', () => {
  it('signs in with the password grant; patronFetch uses the patron token; inspect shows no session id', async () => {
    const browser = new CookieJar();
    const login = await browser.fetch(`${app.url}/auth/overdrive/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '23025000000001', pin: '2468' }),
    });
    expect(login.status).toBe(200);
    // secureCookies: true → Secure even on http (the app sits behind an https proxy), and the `__Host-`
    // prefix: browsers then refuse the cookie unless it is Secure, host-only and `Path=/`.
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('__Host-ils_session='));
    expect(setCookie).toMatch(/; Path=\/;/);
    expect(setCookie).toMatch(/; Secure/);
    const text = await login.text();
    const sessionId = browser.cookies.get('__Host-ils_session')!.split('.')[1]!;
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain('2468');
    expect(JSON.parse(text).inspected).toMatch(/^Patron \{/);

    const record = await browser.fetch(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(((await record.json()) as { status: number }).status).toBe(200);
  });

  it('a wrong PIN is 401 invalid_credentials', async () => {
    const login = await fetch(`${app.url}/auth/overdrive/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '23025000000003', pin: '0000' }),
    });
    expect(login.status).toBe(401);
    expect(((await login.json()) as { error: string }).error).toBe('invalid_credentials');
  });

  it('an OverDrive outage during sign-in is 503 provider_unavailable, not a wrong PIN', async () => {
    od.controls.inject({ status: 503, times: 20 });
    const login = await fetch(`${app.url}/auth/overdrive/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '23025000000001', pin: '2468' }),
    });
    expect(login.status).toBe(503);
    expect(((await login.json()) as { error: string }).error).toBe('provider_unavailable');
  });
});

describe('RERO session renewal', () => {
  it('patronFetch keeps working after the access token expired: core refreshes (and rotates) it', async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(`${app.url}/auth/rero/login`);
    const callback = await signInOnRero(
      start.headers.get('location')!,
      'jean.simon@example.ch',
      'Valais-2024',
    );
    expect((await browser.fetch(callback)).status).toBe(200);
    reroEmulator.controls.clearRequests();
    reroEmulator.controls.advance(2 * 3600); // past the access token's life
    const record = await browser.fetch(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(((await record.json()) as { status: number }).status).toBe(200);
    expect(reroEmulator.controls.tokenRequests()).toBeGreaterThanOrEqual(1);
  });
});
