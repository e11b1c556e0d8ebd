import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import type { ThrottleOptions } from './options.js';
import { Patron } from './patron.js';
import { AccountController } from './test-support/account.controller.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller('auth/sierra')
class LoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('sierra'))
  login(@Patron() patron: Patron) {
    return { patron };
  }
}

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await app?.close();
});

async function start(throttle?: ThrottleOptions | false) {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          sierra: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
        },
        ...(throttle === undefined ? {} : { throttle }),
      }),
    ],
    [LoginController, AccountController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('Sierra barcode + PIN through IlsLoginGuard', () => {
  it('signs in, sets an httpOnly SameSite=Lax session cookie, and PatronGuard lets the patron through', async () => {
    await start();
    const browser = new CookieJar();
    const login = await browser.fetch(
      `${app.url}/auth/sierra/login`,
      json({ barcode: '21913000000001', pin: '1234' }),
    );
    expect(login.status).toBe(200);
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('ils_session='));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain http on loopback
    const loginBody = await login.text();
    expect(JSON.parse(loginBody).patron).toMatchObject({ provider: 'sierra', patronId: '1000001' });

    const account = await browser.fetch(`${app.url}/account`);
    expect(account.status).toBe(200);
    const accountBody = await account.text();
    const patron = JSON.parse(accountBody);
    expect(patron).toMatchObject({ provider: 'sierra', patronId: '1000001', profile: { id: '1000001' } });
    expect(Object.keys(patron).sort()).toEqual([
      'expiresAt',
      'patronId',
      'profile',
      'provider',
      'signedInAt',
    ]); // `user` is undefined (no signIn callback), so JSON leaves it out

    // The session id is in the cookie only: never in a body.
    const sessionId = browser.cookies.get('ils_session')!.split('.')[1]!;
    expect(sessionId.length).toBeGreaterThanOrEqual(16);
    for (const body of [loginBody, accountBody]) {
      expect(body).not.toContain(sessionId);
      expect(body).not.toContain('1234"');
      expect(body).not.toContain(emulator.credentials.clientSecret);
    }
  });

  it('a form post works too', async () => {
    await start();
    const login = await fetch(`${app.url}/auth/sierra/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '21913000000003', pin: '4321' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { patron: { patronId: string } }).patron.patronId).toBe('1000003');
  });

  it('a wrong PIN is 401 invalid_credentials as JSON, without the PIN, and sets no session', async () => {
    await start();
    const pin = '9876';
    const login = await fetch(`${app.url}/auth/sierra/login`, json({ barcode: '21913000000001', pin }));
    expect(login.status).toBe(401);
    const body = await login.text();
    expect(JSON.parse(body)).toEqual({
      statusCode: 401,
      error: 'invalid_credentials',
      message: expect.any(String),
    });
    expect(body).not.toContain(pin);
    expect(body).not.toContain('21913000000001');
    expect(login.headers.getSetCookie().some((c) => c.startsWith('ils_session='))).toBe(false);
  });

  it('a missing PIN is 400 and nothing reaches Sierra', async () => {
    await start();
    emulator.controls.clearRequests();
    const login = await fetch(`${app.url}/auth/sierra/login`, json({ barcode: '21913000000001' }));
    expect(login.status).toBe(400);
    expect(await login.json()).toEqual({
      statusCode: 400,
      error: 'invalid_input',
      message: 'the pin is missing',
    });
    expect(emulator.controls.requests()).toHaveLength(0);
  });

  it('hostile input is 400 invalid_input and nothing reaches Sierra', async () => {
    await start();
    emulator.controls.clearRequests();
    const login = await fetch(
      `${app.url}/auth/sierra/login`,
      json({ barcode: '2191\u0000300', pin: '1234' }),
    );
    expect(login.status).toBe(400);
    expect(((await login.json()) as { error: string }).error).toBe('invalid_input');
    expect(emulator.controls.requests()).toHaveLength(0);
  });

  it('PatronGuard answers 401 session_expired without a cookie, and with a forged one', async () => {
    await start();
    const anonymous = await fetch(`${app.url}/account`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      statusCode: 401,
      error: 'session_expired',
      message: 'sign in to continue',
    });
    const forged = await fetch(`${app.url}/account`, {
      headers: { cookie: 'ils_session=sierra.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(forged.status).toBe(401);
    // The dead cookie is cleared.
    expect(forged.headers.getSetCookie().find((c) => c.startsWith('ils_session='))).toMatch(/Max-Age=0/);
  });

  it('after 5 wrong PINs for a card the next attempt is 429 rate_limited with Retry-After, even with the right PIN', async () => {
    await start();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fetch(
        `${app.url}/auth/sierra/login`,
        json({ barcode: '21913000000005', pin: '0000' }),
      );
      expect(wrong.status).toBe(401);
    }
    const blocked = await fetch(
      `${app.url}/auth/sierra/login`,
      json({ barcode: '21913000000005', pin: '5555' }),
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: string }).error).toBe('rate_limited');
  });
});

describe('the PIN throttle', () => {
  it('counts wrong PINs, not outages, and a right PIN resets the card', async () => {
    await start({ barcode: { max: 1, windowSeconds: 60 } });
    const right = json({ barcode: '21913000000003', pin: '4321' });
    // On the PIN check, not the token endpoint: a token outage would make core back off, rightly.
    emulator.controls.inject({ endpoint: 'sierra.patrons.validate', status: 503, times: 10 });
    expect((await fetch(`${app.url}/auth/sierra/login`, right)).status).toBe(503);
    emulator.controls.clearFaults();
    expect((await fetch(`${app.url}/auth/sierra/login`, right)).status).toBe(200);
    const wrong = json({ barcode: '21913000000003', pin: '0000' });
    expect((await fetch(`${app.url}/auth/sierra/login`, wrong)).status).toBe(401);
    expect((await fetch(`${app.url}/auth/sierra/login`, right)).status).toBe(429);
    // Another card is not affected.
    expect(
      (await fetch(`${app.url}/auth/sierra/login`, json({ barcode: '21913000000001', pin: '1234' }))).status,
    ).toBe(200);
  });

  it('throttle: false turns it off', async () => {
    await start(false);
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const wrong = await fetch(
        `${app.url}/auth/sierra/login`,
        json({ barcode: '21913000000005', pin: '0000' }),
      );
      expect(wrong.status).toBe(401);
    }
  });
});

describe('two Nest apps in one process', () => {
  it('each app signs in with its own provider: strategies are registered with Passport per module', async () => {
    const other = await startSierra();
    const second = await startTestApp(
      [
        IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: {
            sierra: { provider: sierra({ baseUrl: other.url, ...other.credentials }), signIn: 'pin' },
          },
        }),
      ],
      [LoginController],
    );
    try {
      await start();
      emulator.controls.clearRequests();
      other.controls.clearRequests();
      const credentials = { barcode: '21913000000001', pin: '1234' };
      expect((await fetch(`${app.url}/auth/sierra/login`, json(credentials))).status).toBe(200);
      expect((await fetch(`${second.url}/auth/sierra/login`, json(credentials))).status).toBe(200);
      expect((await fetch(`${second.url}/auth/sierra/login`, json(credentials))).status).toBe(200);
      const validations = (e: SierraEmulator) =>
        e.controls.requests().filter((entry) => entry.path.endsWith('/patrons/validate')).length;
      expect(validations(emulator)).toBe(1);
      expect(validations(other)).toBe(2);
    } finally {
      await second.close();
      await other.close();
    }
  });
});
