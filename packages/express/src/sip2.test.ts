import { closeSip2Connections, sip2 } from '@ils-auth/core';
import { type Sip2Emulator, startSip2Emulator } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

// A library on SIP2, through the unchanged Express adapter: the descriptor is data its PIN route understands.
let emulator: Sip2Emulator;
let provider: ReturnType<typeof sip2>;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSip2Emulator({ tls: true });
  provider = sip2({
    host: emulator.host,
    port: emulator.port,
    tls: { ca: emulator.ca },
    ...emulator.credentials,
  });
  app = await startTestApp({
    providers: { library: { provider, signIn: 'pin', loginPage: '/login' } },
    failureRedirect: '/login',
  });
});
afterAll(async () => {
  await app?.close();
  await closeSip2Connections(provider);
  await emulator?.close();
});

const signIn = (browser: Browser, credentials: { barcode: string; pin: string }) =>
  browser.request(`${app.url}/auth/library/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(credentials),
  });

describe('Express PIN sign-in with sip2()', () => {
  it('signs a patron in over SIP2 and keeps only the session id in the cookie', async () => {
    const browser = new Browser();
    const { valid } = emulator.patrons;
    const answer = await signIn(browser, valid);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).patron).toMatchObject({
      provider: 'library',
      patronId: valid.barcode,
      profile: { provider: 'sip2', name: valid.name, email: valid.email },
    });
    const me = await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    expect(JSON.parse(me.body).patron.profile.name).toBe(valid.name);
    expect(answer.body).not.toContain(valid.pin);
  });

  it('answers a wrong PIN 401, and a lost card 403 naming the reason (JSON), or on the failure page', async () => {
    const { valid, lost } = emulator.patrons;
    const wrong = await signIn(new Browser(), { barcode: valid.barcode, pin: '0000' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('invalid_credentials');
    const refused = await signIn(new Browser(), lost);
    expect(refused.status).toBe(403);
    const { error } = JSON.parse(refused.body);
    expect(error.code).toBe('access_denied');
    expect(error.message).toContain('card_lost');
    const page = await new Browser().request(`${app.url}/auth/library/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ barcode: lost.barcode, pin: lost.pin }).toString(),
    });
    expect(page.status).toBe(303);
    expect(new URL(page.location ?? '', app.url).searchParams.get('error')).toBe('card_lost');
    expect(refused.setCookies).toEqual([]);
  });
});
