import 'reflect-metadata';
import { closeSip2Connections, sip2 } from '@ils-auth/core';
import { type Sip2Emulator, startSip2Emulator } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { Patron } from './patron.js';
import { AccountController } from './test-support/account.controller.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller('auth/library')
class LoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('library'))
  login(@Patron() patron: Patron) {
    return { patron };
  }
}

// A library on SIP2 through the unchanged NestJS module: the descriptor is data its PIN guard understands.
let emulator: Sip2Emulator;
let provider: ReturnType<typeof sip2>;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSip2Emulator();
  provider = sip2({ host: emulator.host, port: emulator.port, ...emulator.credentials, dialect: 'generic' });
  app = await startTestApp(
    [IlsAuthModule.forRoot({ secret: TEST_SECRET, providers: { library: { provider, signIn: 'pin' } } })],
    [LoginController, AccountController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterAll(async () => {
  await app?.close();
  await closeSip2Connections(provider);
  await emulator?.close();
});

const post = (browser: CookieJar, body: unknown) =>
  browser.fetch(`${app.url}/auth/library/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('SIP2 barcode + PIN through IlsLoginGuard', () => {
  it('signs in over SIP2, and PatronGuard lets the patron through with the SIP2 profile', async () => {
    const { valid } = emulator.patrons;
    const browser = new CookieJar();
    const login = await post(browser, { barcode: valid.barcode, pin: valid.pin });
    expect(login.status).toBe(200);
    const account = await browser.fetch(`${app.url}/account`);
    expect(account.status).toBe(200);
    const body = await account.text();
    expect(JSON.parse(body)).toMatchObject({
      provider: 'library',
      profile: { provider: 'sip2', name: valid.name },
    });
    expect(body).not.toContain(`"${valid.pin}"`);
  });

  it('answers a wrong PIN 401 and a blocked card 403, without a session', async () => {
    const { valid, blocked } = emulator.patrons;
    const wrong = await post(new CookieJar(), { barcode: valid.barcode, pin: '0000' });
    expect(wrong.status).toBe(401);
    const wrongBody = await wrong.text();
    expect(JSON.parse(wrongBody)).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    expect(wrongBody).not.toContain(valid.barcode);
    const refused = await post(new CookieJar(), { barcode: blocked.barcode, pin: blocked.pin });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ statusCode: 403, error: 'access_denied' });
    expect(refused.headers.getSetCookie().some((cookie) => cookie.startsWith('ils_session='))).toBe(false);
  });
});
