import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import type { IlsAuthModuleOptions } from './options.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const OTHER = { barcode: '21913000000003', pin: '4321' };

@Controller()
class LibraryController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  login(@Patron() patron: Patron, @Req() req: IlsAuthRequest) {
    return { patron, returnTo: req.authInfo?.returnTo };
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron('user') user: unknown) {
    return { user };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }
}

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(() => emulator.close());
afterEach(() => app?.close());

async function start(options: Partial<IlsAuthModuleOptions>): Promise<TestApp> {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
        },
        ...options,
      }),
    ],
    [LibraryController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
  return app;
}

const asJson = (body: object): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify(body),
});
const asForm = (body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  body: new URLSearchParams(body).toString(),
});

describe('callbacks.signIn and events', () => {
  it('maps the patron to the app user (kept with the session), refuses a blocked card with its reason, and tells the events', async () => {
    const told: string[] = [];
    await start({
      callbacks: {
        signIn: ({ patron, provider }) =>
          patron.patronId === '1000001'
            ? { user: { id: `u-${patron.patronId}`, via: provider }, redirectTo: '/welcome' }
            : { error: 'card_blocked', message: 'see the front desk' },
      },
      events: {
        signIn: ({ patron }) => void told.push(`in ${patron.patronId} ${JSON.stringify(patron.user)}`),
        signOut: ({ patron, everywhere }) => void told.push(`out ${patron.patronId} ${everywhere}`),
      },
    });
    const browser = new CookieJar();
    const login = await browser.fetch(`${app.url}/auth/card/login`, asJson(RITA));
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({
      patron: { patronId: '1000001', user: { id: 'u-1000001', via: 'card' } },
      returnTo: '/welcome',
    });
    // Read back from the store on the next request.
    expect(await (await browser.fetch(`${app.url}/me`)).json()).toEqual({
      user: { id: 'u-1000001', via: 'card' },
    });

    const refused = await new CookieJar().fetch(`${app.url}/auth/card/login`, asJson(OTHER));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'access_denied', message: 'see the front desk' });
    expect(refused.headers.getSetCookie().some((cookie) => cookie.startsWith('ils_session='))).toBe(false);

    expect((await browser.fetch(`${app.url}/auth/logout`, { method: 'POST' })).status).toBe(204);
    expect(told).toEqual(['in 1000001 {"id":"u-1000001","via":"card"}', 'out 1000001 false']);
  });

  it('an event that throws is reported to events.error; the sign-in stands', async () => {
    const reported: unknown[] = [];
    await start({
      events: {
        signIn: () => {
          throw new Error('audit log down');
        },
        error: (error) => void reported.push((error as Error).message),
      },
    });
    const browser = new CookieJar();
    expect((await browser.fetch(`${app.url}/auth/card/login`, asJson(RITA))).status).toBe(200);
    expect((await browser.fetch(`${app.url}/me`)).status).toBe(200);
    expect(reported).toEqual(['audit log down']);
  });

  it('refuses a misspelt hook when the module starts', async () => {
    await expect(start({ callbacks: { signin: () => true } as never })).rejects.toThrow(/callbacks\.signin/);
  });
});

describe('failureRedirect, by content negotiation', () => {
  it('a form post with a wrong PIN is sent to the sign-in page with a safe code; JSON gets JSON', async () => {
    await start({ failureRedirect: '/sign-in' });
    const wrong = { barcode: RITA.barcode, pin: '9999' };
    const page = await fetch(`${app.url}/auth/card/login`, {
      ...asForm({ ...wrong, returnTo: '/loans' }),
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      '/sign-in?error=invalid_credentials&provider=card&returnTo=%2Floans',
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).not.toContain('9999');

    const api = await fetch(`${app.url}/auth/card/login`, asJson(wrong));
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'invalid_credentials' });
  });

  it("a refusal by callbacks.signIn carries the application's reason", async () => {
    await start({
      failureRedirect: '/sign-in',
      callbacks: { signIn: () => ({ error: 'card_expired' }) },
    });
    const page = await fetch(`${app.url}/auth/card/login`, { ...asForm(RITA), redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?error=card_expired&provider=card');
  });
});
