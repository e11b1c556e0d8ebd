import 'reflect-metadata';
import { koha } from '@ils-auth/core';
import { type KohaEmulator, startKoha } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { Patron } from './patron.js';
import { AccountController } from './test-support/account.controller.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

// Koha test patron 51 (the emulator's README).
const ADA = { barcode: '23529000445172', pin: 'Analytical-1843' };

@Controller('auth/koha')
class KohaLoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('koha'))
  login(@Patron() patron: Patron) {
    return { patron };
  }
}

let emulator: KohaEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startKoha();
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          koha: { provider: koha({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
        },
      }),
    ],
    [KohaLoginController, AccountController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('NestJS: a Koha patron signs in through IlsLoginGuard', () => {
  it('signs in with card number and password, and PatronGuard lets the patron through', async () => {
    const browser = new CookieJar();
    const login = await browser.fetch(`${app.url}/auth/koha/login`, json(ADA));
    expect(login.status).toBe(200);
    const body = await login.text();
    expect(JSON.parse(body).patron).toMatchObject({ provider: 'koha', patronId: '51' });
    expect(body).not.toContain(ADA.pin);
    const account = await browser.fetch(`${app.url}/account`);
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ provider: 'koha', profile: { name: 'Lovelace, Ada' } });
  });

  it('answers a wrong password 401 invalid_credentials and an expired one 403 password_expired', async () => {
    const wrong = await new CookieJar().fetch(
      `${app.url}/auth/koha/login`,
      json({ ...ADA, pin: 'nope-nope' }),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_credentials' });
    const expired = await new CookieJar().fetch(
      `${app.url}/auth/koha/login`,
      json({ barcode: 'margaret', pin: 'Apollo-1969' }),
    );
    expect(expired.status).toBe(403);
    const text = await expired.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'password_expired' });
    expect(text).not.toContain('Apollo-1969');
  });
});
