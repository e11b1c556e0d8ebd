import type { PatronProfile } from '@ils-auth/core';
import { koha } from '@ils-auth/core';
import { type KohaEmulator, startKoha } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { IlsPinStrategy } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, post } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// Koha test patron 51 (the emulator's README): card number and password.
const ADA = { barcode: '23529000445172', pin: 'Analytical-1843' };

let emulator: KohaEmulator;
const apps: TestApp[] = [];

beforeAll(async () => {
  emulator = await startKoha();
});
afterAll(() => emulator.close());
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function strategy(seen: { profile?: PatronProfile } = {}) {
  return new IlsPinStrategy(
    { provider: koha({ baseUrl: emulator.url, ...emulator.credentials }), secret: COOKIE_SECRET },
    async (profile: PatronProfile) => {
      seen.profile = profile;
      return { id: profile.id, name: profile.name };
    },
  );
}

async function appWith(extra: { session?: boolean } = {}, seen: { profile?: PatronProfile } = {}) {
  const app = await startTestApp({ strategies: [strategy(seen)], ...extra });
  apps.push(app);
  return app;
}

describe('IlsPinStrategy with koha(): a Koha patron signs in with card number and password', () => {
  test('password validation then the record; the profile reaches the verify callback', async () => {
    const seen: { profile?: PatronProfile } = {};
    const app = await appWith({}, seen);
    emulator.controls.clearRequests();
    const answer = await post(`${app.url}/login/koha`, ADA);
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ id: '51', name: 'Lovelace, Ada' });
    expect(seen.profile).toMatchObject({ provider: 'koha', id: '51', homeLibrary: 'CPL' });
    expect(emulator.controls.requests().map((entry) => entry.endpoint)).toContain('koha.password.validation');
    expectNoSecrets([app.outcomes, answer.body], [ADA.pin, emulator.credentials.clientSecret]);
  });

  test('with express-session: req.user in later requests', async () => {
    const app = await appWith({ session: true });
    const browser = new Browser();
    const login = await browser.request(`${app.url}/std/koha/login`, { form: ADA });
    expect(login.status).toBe(200);
    const me = await browser.request(`${app.url}/me`);
    expect(JSON.parse(me.body)).toEqual({ user: { id: '51', name: 'Lovelace, Ada' } });
  });

  test('a wrong password fails 401 invalid_credentials; an expired one says so (403 password_expired)', async () => {
    const app = await appWith();
    const wrong = await post(`${app.url}/login/koha`, { ...ADA, pin: 'Analytical-1842' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ kind: 'fail', info: { code: 'invalid_credentials' } });
    const expired = await post(`${app.url}/login/koha`, { barcode: 'margaret', pin: 'Apollo-1969' });
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject({ kind: 'fail', info: { code: 'password_expired' } });
    expectNoSecrets(app.outcomes, ['Analytical-1842', 'Apollo-1969', ADA.barcode]);
  });
});
