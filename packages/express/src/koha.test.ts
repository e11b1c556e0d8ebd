import { koha } from '@ils-auth/core';
import { type KohaEmulator, kohaClients, startKoha } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET, type TestApp } from './testing/test-app.js';

// Koha test patron 51 (the emulator's README).
const ADA = { barcode: '23529000445172', pin: 'Analytical-1843' };

let emulator: KohaEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  emulator = await startKoha();
});
afterAll(() => emulator.close());
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(credentials = emulator.credentials) {
  app = await startTestApp({
    providers: { koha: { provider: koha({ baseUrl: emulator.url, ...credentials }), signIn: 'pin' } },
    failureRedirect: '/signin',
  });
  return app;
}

const postJson = (browser: Browser, url: string, body: unknown) =>
  browser.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });

describe("Express: a Koha patron signs in with card number and password (signIn: 'pin')", () => {
  it('signs in, keeps the session cookie only, and requirePatron() lets the patron through', async () => {
    const { url } = await start();
    const browser = new Browser();
    const answer = await postJson(browser, `${url}/auth/koha/login`, ADA);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).patron).toMatchObject({
      provider: 'koha',
      patronId: '51',
      profile: { name: 'Lovelace, Ada', homeLibrary: 'CPL' },
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const account = await browser.request(`${url}/account`, { headers: { accept: 'application/json' } });
    expect(account.status).toBe(200);
    for (const secret of [ADA.pin, emulator.credentials.clientSecret, TEST_SECRET])
      expect(browser.history.map((hop) => hop.body).join('\n')).not.toContain(secret);
  });

  it('sends a wrong or expired password from a form back to failureRedirect with its own code', async () => {
    const { url } = await start();
    const wrong = await new Browser().submit(`${url}/auth/koha/login`, { ...ADA, pin: 'Analytical-1842' });
    expect(new URL(wrong.url).searchParams.get('error')).toBe('invalid_credentials');
    const expired = await new Browser().submit(`${url}/auth/koha/login`, {
      barcode: 'margaret',
      pin: 'Apollo-1969',
    });
    expect(new URL(expired.url).searchParams.get('error')).toBe('password_expired');
    const json = await postJson(new Browser(), `${url}/auth/koha/login`, {
      barcode: 'margaret',
      pin: 'Apollo-1969',
    });
    expect(json.status).toBe(403);
    expect(JSON.parse(json.body).error.code).toBe('password_expired');
  });

  it('answers 500 config_invalid naming the permission when the API key may not validate passwords', async () => {
    const limited = kohaClients[1];
    if (!limited) throw new Error('seed changed');
    const { url } = await start({ clientId: limited.clientId, clientSecret: limited.clientSecret });
    const answer = await postJson(new Browser(), `${url}/auth/koha/login`, ADA);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('config_invalid');
    expect(answer.body).not.toContain(ADA.pin);
    expect(answer.body).not.toContain(limited.clientSecret);
  });
});
