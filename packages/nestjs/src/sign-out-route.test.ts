import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { SignOutRoute } from './sign-out-route.decorator.js';
import { PLATFORMS, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';
import { signInPatron } from './testing/index.js';

// Behind a global PatronGuard, a sign-out route marked @SignOutRoute() (not @Public()) answers every
// sign-out alike: the first ends the session, the next ones have nothing to end and clear the cookie too.

const CARD = { barcode: '21913000000001', pin: '1234' };

/** How many times the sign-out handler ran: a refused post must not reach it. */
let handled = 0;

@Controller()
class SignOutController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @SignOutRoute()
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    handled += 1;
    await this.ils.logout(req, res);
  }

  @Get('me')
  me(@Patron('patronId') patronId: string) {
    return { patronId };
  }
}

let emulator: SierraEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The session cookie's `Set-Cookie` of a response, when it removes the cookie from the browser. */
const clearsSessionCookie = (response: Response): boolean =>
  response.headers
    .getSetCookie()
    .some((line) => /^ils_session=;/.test(line) && /max-age=0|expires=thu, 01 jan 1970/i.test(line));

describe.each(PLATFORMS)('a @SignOutRoute() behind a global PatronGuard, on %s', (platform) => {
  async function start(): Promise<TestApp> {
    app = await startTestApp(
      [
        IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: {
            card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
          },
        }),
      ],
      [SignOutController],
      (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
      { platform, providers: [{ provide: APP_GUARD, useClass: PatronGuard }] },
    );
    return app;
  }

  it('answers a second sign-out like the first: 204 and the cookie cleared', async () => {
    const { url, app: nest } = await start();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    expect((await fetch(`${url}/me`, { headers: { cookie } })).status).toBe(200);
    const signOut = (headers: Record<string, string>) =>
      fetch(`${url}/auth/logout`, { method: 'POST', headers: { origin: url, ...headers } });

    const first = await signOut({ cookie });
    const second = await signOut({ cookie }); // the same browser's other tab: its session is gone
    const third = await signOut({}); // no cookie at all
    for (const answer of [first, second, third]) {
      expect(answer.status).toBe(204);
      expect(clearsSessionCookie(answer)).toBe(true);
    }
    expect((await fetch(`${url}/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('still refuses a sign-out posted by another site, before the handler runs', async () => {
    const { url, app: nest } = await start();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    const before = handled;
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

    const nobody = await fetch(`${url}/auth/logout`, { method: 'POST', headers: crossSite });
    expect(nobody.status).toBe(403);
    expect(await nobody.json()).toMatchObject({ error: 'cross_site_request' });
    expect(handled).toBe(before);

    const patron = await fetch(`${url}/auth/logout`, { method: 'POST', headers: { ...crossSite, cookie } });
    expect(patron.status).toBe(403);
    // The patron's session outlived the forged sign-out.
    expect((await fetch(`${url}/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('keeps every other route closed to a browser without a session', async () => {
    const { url } = await start();
    const me = await fetch(`${url}/me`, { headers: { origin: url } });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: 'session_expired' });
  });
});
