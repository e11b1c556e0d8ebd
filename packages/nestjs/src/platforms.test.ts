import 'reflect-metadata';
import { MemoryStore, rero, sierra, type TokenStore } from '@ils-auth/core';
import { storeUnavailable } from '@ils-auth/core/extend';
import {
  type ReroEmulator,
  type SierraEmulator,
  signInOnRero,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
import { SwitchableStore } from '@ils-auth/test-support';
import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import {
  CookieJar,
  PLATFORMS,
  type Platform,
  startTestApp,
  TEST_SECRET,
  type TestApp,
} from './test-support/test-app.js';

// Every cookie, header and redirect goes through the platform's own response: the same answers on both.

@Controller()
class PlatformController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Patron() patron: Patron) {
    return { patron };
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Patron() patron: Patron, @Req() req: IlsAuthRequest) {
    return { patron, authInfo: req.authInfo };
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron() patron: Patron) {
    return patron;
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }
}

let sierraEmulator: SierraEmulator;
let reroEmulator: ReroEmulator;
let app: TestApp;

beforeAll(async () => {
  [sierraEmulator, reroEmulator] = await Promise.all([startSierra(), startRero()]);
});
afterAll(async () => {
  await Promise.all([sierraEmulator.close(), reroEmulator.close()]);
});
afterEach(async () => {
  await app?.close();
});

async function start(platform: Platform, store?: TokenStore) {
  const catalogue = sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials });
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        defaultReturnTo: '/me',
        ...(store ? { store } : {}),
        providers: {
          card: { provider: catalogue, signIn: 'pin' },
          rero: rero({ baseUrl: reroEmulator.url, ...reroEmulator.credentials }),
        },
      }),
    ],
    [PlatformController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    { platform },
  );
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe.each(PLATFORMS)('on @nestjs/platform-%s', (platform) => {
  it('a PIN sign-in sets the session cookie, PatronGuard lets the patron through, logout ends it', async () => {
    await start(platform);
    const browser = new CookieJar();
    const login = await browser.fetch(
      `${app.url}/auth/card/login`,
      json({ barcode: '21913000000001', pin: '1234' }),
    );
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.getSetCookie().find((c) => c.startsWith('ils_session='))).toMatch(
      /HttpOnly; SameSite=Lax/,
    );
    expect(((await login.json()) as { patron: Patron }).patron.patronId).toBe('1000001');

    const me = await browser.fetch(`${app.url}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ provider: 'card', patronId: '1000001' });

    const logout = await browser.fetch(`${app.url}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(204);
    expect(browser.cookies.has('ils_session')).toBe(false);
    expect((await browser.fetch(`${app.url}/me`)).status).toBe(401);
  });

  it('a form post signs in too (the platform parses the urlencoded body)', async () => {
    await start(platform);
    const login = await fetch(`${app.url}/auth/card/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '21913000000003', pin: '4321' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { patron: Patron }).patron.patronId).toBe('1000003');
  });

  it('refusals are JSON from the filter: a wrong PIN is 401, a guessed card 429 with Retry-After', async () => {
    await start(platform);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fetch(`${app.url}/auth/card/login`, json({ barcode: '21913000000005', pin: '0' }));
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    }
    const blocked = await fetch(
      `${app.url}/auth/card/login`,
      json({ barcode: '21913000000005', pin: '5555' }),
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('cache-control')).toBe('no-store');
  });

  it('PatronGuard answers 401 and clears a dead session cookie', async () => {
    await start(platform);
    const forged = await fetch(`${app.url}/me`, {
      headers: { cookie: 'ils_session=card.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'session_expired' });
    expect(forged.headers.getSetCookie().find((c) => c.startsWith('ils_session='))).toMatch(/Max-Age=0/);
  });

  it('the RERO code flow: redirect with a transaction cookie, callback, session', async () => {
    await start(platform);
    const browser = new CookieJar();
    const begin = await browser.fetch(`${app.url}/auth/rero/login?returnTo=%2Fme`);
    expect(begin.status).toBe(302);
    expect(begin.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookies.has('ils_tx_rero')).toBe(true);
    const authorize = begin.headers.get('location')!;
    expect(new URL(authorize).searchParams.get('redirect_uri')).toBe(`${app.url}/auth/rero/callback`);

    const callback = await signInOnRero(authorize, 'jean.simon@example.ch', 'Valais-2024');
    const landing = await browser.fetch(callback);
    expect(landing.status).toBe(200);
    expect(await landing.json()).toMatchObject({
      patron: { provider: 'rero', patronId: '21' },
      authInfo: { provider: 'rero', returnTo: '/me' },
    });
    expect(browser.cookies.has('ils_tx_rero')).toBe(false);
    expect((await browser.fetch(`${app.url}/me`)).status).toBe(200);

    // The same callback again: refused, as JSON, with the transaction cookie cleared.
    const replay = await fetch(callback);
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({ error: 'state_mismatch' });
  });

  it('a store outage: a PIN sign-in answers 503 with Retry-After and reaches no provider; a signed-in patron is served; a session it cannot confirm answers 503; no cookie cleared', async () => {
    const store = new SwitchableStore(new MemoryStore(), storeUnavailable);
    await start(platform, store);
    const browser = new CookieJar();
    const signIn = (body: object) => fetch(`${app.url}/auth/card/login`, json(body));
    expect(
      (await browser.fetch(`${app.url}/auth/card/login`, json({ barcode: '21913000000001', pin: '1234' })))
        .status,
    ).toBe(200);
    expect((await browser.fetch(`${app.url}/me`)).status).toBe(200);
    const unknown = { headers: { cookie: `ils_session=card.${'B'.repeat(43)}` } };
    const sessionCookies = (response: Response) =>
      response.headers.getSetCookie().filter((c) => c.startsWith('ils_session='));
    sierraEmulator.controls.clearRequests();
    store.switchOff();
    try {
      const refused = await signIn({ barcode: '21913000000002', pin: '12345678abc' });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: 'store_unavailable' });
      expect(sierraEmulator.controls.requests()).toEqual([]);

      const served = await browser.fetch(`${app.url}/me`);
      expect(served.status).toBe(200);
      expect(sessionCookies(served)).toEqual([]);
      const unconfirmed = await fetch(`${app.url}/me`, unknown);
      expect(unconfirmed.status).toBe(503);
      expect(Number(unconfirmed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(sessionCookies(unconfirmed)).toEqual([]);
    } finally {
      store.switchOn();
    }
    expect((await fetch(`${app.url}/me`, unknown)).status).toBe(401);
    expect((await signIn({ barcode: '21913000000002', pin: '12345678abc' })).status).toBe(200);
  });
});
