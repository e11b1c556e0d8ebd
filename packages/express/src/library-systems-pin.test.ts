import { alma, evergreen, folio, type ProviderDescriptor, polaris, symphony } from '@ils-auth/core';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

// The five library systems without OAuth, through the unchanged Express adapter: each descriptor is data
// its PIN route understands.
interface System {
  provider: ProviderDescriptor;
  card: { barcode: string; pin: string };
  patronId: string;
}

const systems: Record<string, System> = {};
let app: TestApp;
let emulators: AllEmulators | undefined;

beforeAll(async () => {
  emulators = await startAll();
  const { folio: f, polaris: p, symphony: s, alma: a, evergreen: e } = emulators;
  systems.folio = {
    provider: folio({ okapiUrl: f.url, ...f.credentials }),
    card: { barcode: 'rita', pin: 'rita-pw-1' },
    patronId: 'a7b2c3d4-1111-4a5b-9c8d-000000000001',
  };
  systems.polaris = {
    provider: polaris({ baseUrl: p.baseUrl, ...p.credentials }),
    card: { barcode: '21756000000001', pin: '1234' },
    patronId: '1255101',
  };
  systems.symphony = {
    provider: symphony({ baseUrl: s.baseUrl, ...s.credentials }),
    card: { barcode: '21221000000001', pin: '1234' },
    patronId: '301001',
  };
  systems.alma = {
    provider: alma({ apiUrl: a.apiUrl, apiKey: a.credentials.apiKey }),
    card: { barcode: '39000000000001', pin: 'rita-Pass-1' },
    patronId: 'rita.reader',
  };
  systems.evergreen = {
    provider: evergreen({ baseUrl: e.url, ...e.credentials }),
    card: { barcode: '99999300001', pin: 'rita-pin-1' },
    patronId: '101',
  };
  app = await startTestApp({
    providers: Object.fromEntries(
      Object.entries(systems).map(([name, system]) => [
        name,
        { provider: system.provider, signIn: 'pin' as const, loginPage: '/login' },
      ]),
    ),
    failureRedirect: '/login',
  });
});
afterAll(async () => {
  await app?.close();
  await emulators?.close();
});

const signIn = (browser: Browser, name: string, credentials: { barcode: string; pin: string }) =>
  browser.request(`${app.url}/auth/${name}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(credentials),
  });

describe.each(['folio', 'polaris', 'symphony', 'alma', 'evergreen'])(
  'Express PIN sign-in with %s()',
  (name) => {
    it('signs the patron in with the system’s own patron id and profile; a wrong PIN is 401; no PIN in any answer', async () => {
      const system = systems[name] as System;
      const browser = new Browser();
      const answer = await signIn(browser, name, system.card);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).patron).toMatchObject({
        provider: name,
        patronId: system.patronId,
        profile: { provider: name, id: system.patronId },
      });
      const me = await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
      expect(JSON.parse(me.body).patron.patronId).toBe(system.patronId);
      const wrong = await signIn(new Browser(), name, { ...system.card, pin: 'not-the-pin' });
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.body).error.code).toBe('invalid_credentials');
      expect(wrong.setCookies).toEqual([]);
      for (const body of [answer.body, me.body, wrong.body]) expect(body).not.toContain(system.card.pin);
    });
  },
);
