import 'reflect-metadata';
import { rero, sierra } from '@ils-auth/core';
import {
  type ReroEmulator,
  type SierraEmulator,
  signInOnRero,
  signInOnSierraPage,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard, type IlsLoginInfo } from './ils-login.guard.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };

@Controller('auth')
class AuthController {
  // @Inject names the token: a type-only import (as linters suggest) would lose the decorator metadata.
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Get('rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {
    // Not reached: the guard redirects to RERO.
  }

  @Get('rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Req() req: IlsAuthRequest, @Res() res: IlsAuthResponse) {
    const info = req.authInfo as IlsLoginInfo;
    res.writeHead(303, { location: info.returnTo }).end();
  }

  @Get('sierra/login')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraLogin() {}

  @Get('sierra/callback')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraCallback(@Patron() patron: Patron, @Req() req: IlsAuthRequest) {
    return { patron, authInfo: req.authInfo };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthResponse) {
    await this.ils.logout(req, res);
  }
}

@Controller()
class AccountController {
  // @Inject names the token: a type-only import (as linters suggest) would lose the decorator metadata.
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Get('account')
  @UseGuards(PatronGuard)
  account(@Patron() patron: Patron) {
    return patron;
  }

  @Get('account/record')
  @UseGuards(PatronGuard)
  async record(@Req() req: IlsAuthRequest) {
    const answer = await this.ils.patronFetch(req, 'api/patrons/info');
    return { status: answer.status, record: await answer.json() };
  }
}

let reroEmulator: ReroEmulator;
let sierraEmulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  [reroEmulator, sierraEmulator] = await Promise.all([startRero(), startSierra()]);
});
afterAll(async () => {
  await Promise.all([reroEmulator.close(), sierraEmulator.close()]);
});
beforeEach(async () => {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        defaultReturnTo: '/account',
        providers: {
          rero: rero({ baseUrl: reroEmulator.url, ...reroEmulator.credentials }),
          sierra: sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials }),
        },
      }),
    ],
    [AuthController, AccountController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterEach(async () => {
  await app.close();
});

describe('RERO ILS code flow through IlsLoginGuard', () => {
  it('login redirects to RERO with state and PKCE; the callback sets the session cookie; PatronGuard passes', async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(
      `${app.url}/auth/rero/login?returnTo=${encodeURIComponent('/account')}`,
    );
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.href.startsWith(reroEmulator.authorizeUrl)).toBe(true);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/rero/callback`);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    // The transaction waits in a sealed cookie named after the provider.
    expect(browser.cookies.has('ils_tx_rero')).toBe(true);
    expect(browser.cookies.get('ils_tx_rero')).not.toContain(authorize.searchParams.get('state'));

    const callback = await signInOnRero(authorize.href, JEAN.email, JEAN.password);
    expect(callback.startsWith(`${app.url}/auth/rero/callback?`)).toBe(true);
    const landing = await browser.fetch(callback);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/account');
    expect(landing.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookies.get('ils_session')).toMatch(/^rero\./);
    expect(browser.cookies.has('ils_tx_rero')).toBe(false); // the callback clears the transaction

    const account = await browser.fetch(`${app.url}/account`);
    expect(account.status).toBe(200);
    const body = await account.text();
    expect(JSON.parse(body)).toMatchObject({
      provider: 'rero',
      patronId: '21',
      profile: { name: 'Simon, Jean' },
    });
    expect(body).not.toContain(browser.cookies.get('ils_session')!.split('.')[1]);

    // An API call as the patron, with the patron's own token.
    const record = await browser.fetch(`${app.url}/account/record`);
    expect(record.status).toBe(200);
    const recordBody = (await record.json()) as { status: number; record: { barcode?: string } };
    expect(recordBody.status).toBe(200);
    expect(recordBody.record.barcode).toBe('2050124311');
  });
});

describe("Sierra's login page through IlsLoginGuard", () => {
  it('signs the patron in and the handler sees @Patron() and req.authInfo without the session', async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(`${app.url}/auth/sierra/login`);
    expect(start.status).toBe(302);
    const callback = await signInOnSierraPage(start.headers.get('location')!, '21913000000001', '1234');
    const answer = await browser.fetch(callback);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(JSON.parse(text)).toMatchObject({
      patron: { provider: 'sierra', patronId: '1000001' },
      authInfo: { provider: 'sierra' },
    });
    expect(text).not.toContain(browser.cookies.get('ils_session')!.split('.')[1]);
    expect((await browser.fetch(`${app.url}/account`)).status).toBe(200);
  });
});
