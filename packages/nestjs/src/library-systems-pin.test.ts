import 'reflect-metadata';
import { alma, evergreen, folio, polaris, symphony } from '@ils-auth/core';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { Patron } from './patron.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

/** `POST /auth/<name>/login` behind that provider's login guard. */
function loginControllerFor(name: string) {
  @Controller(`auth/${name}`)
  class LoginController {
    @Post('login')
    @HttpCode(200)
    @UseGuards(IlsLoginGuard(name))
    login(@Patron() patron: Patron) {
      return { patron };
    }
  }
  return LoginController;
}

// The five library systems without OAuth through the unchanged NestJS module: each descriptor is data its
// PIN guard understands.
const cards: Record<string, { barcode: string; pin: string; id: string }> = {
  folio: { barcode: 'rita', pin: 'rita-pw-1', id: 'a7b2c3d4-1111-4a5b-9c8d-000000000001' },
  polaris: { barcode: '21756000000001', pin: '1234', id: '1255101' },
  symphony: { barcode: '21221000000001', pin: '1234', id: '301001' },
  alma: { barcode: '39000000000001', pin: 'rita-Pass-1', id: 'rita.reader' },
  evergreen: { barcode: '99999300001', pin: 'rita-pin-1', id: '101' },
};
let emulators: AllEmulators | undefined;
let app: TestApp;

beforeAll(async () => {
  emulators = await startAll();
  const { folio: f, polaris: p, symphony: s, alma: a, evergreen: e } = emulators;
  const descriptors = [
    folio({ okapiUrl: f.url, ...f.credentials }),
    polaris({ baseUrl: p.baseUrl, ...p.credentials }),
    symphony({ baseUrl: s.baseUrl, ...s.credentials }),
    alma({ apiUrl: a.apiUrl, apiKey: a.credentials.apiKey }),
    evergreen({ baseUrl: e.url, ...e.credentials }),
  ];
  const providers = Object.fromEntries(
    descriptors.map((provider) => [provider.id, { provider, signIn: 'pin' as const }]),
  );
  app = await startTestApp(
    [IlsAuthModule.forRoot({ secret: TEST_SECRET, providers })],
    Object.keys(providers).map(loginControllerFor),
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterAll(async () => {
  await app?.close();
  await emulators?.close();
});

describe.each(Object.keys(cards))('%s barcode + PIN through IlsLoginGuard', (name) => {
  it('signs in with the system’s patron id; a wrong PIN is 401 without a session', async () => {
    const card = cards[name] as { barcode: string; pin: string; id: string };
    const send = (pin: string) =>
      new CookieJar().fetch(`${app.url}/auth/${name}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ barcode: card.barcode, pin }),
      });
    const login = await send(card.pin);
    expect(login.status).toBe(200);
    const body = await login.text();
    expect(JSON.parse(body).patron).toMatchObject({ provider: name, patronId: card.id });
    expect(body).not.toContain(`"${card.pin}"`);
    const wrong = await send('not-the-pin');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    expect(wrong.headers.getSetCookie().some((cookie) => cookie.startsWith('ils_session='))).toBe(false);
  });
});
