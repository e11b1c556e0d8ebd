import { overdrive } from '@ils-auth/core';
import { type OverDriveEmulator, startOverDrive } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_USER_AGENT, startTestApp, type TestApp } from './testing/test-app.js';

const ADA = { barcode: '23025000000001', pin: '2468' };
const BEN_NO_PIN = { barcode: '23025000000002' };

let emulator: OverDriveEmulator;
let app: TestApp;
let now: number;

beforeAll(async () => {
  emulator = await startOverDrive();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  const { credentials } = emulator;
  const hosts = {
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    authorizationName: credentials.authorizationName,
    allowPasswordGrant: true,
    oauthUrl: emulator.oauthUrl,
    patronOauthUrl: emulator.patronOauthUrl,
    apiUrl: emulator.apiUrl,
    patronApiUrl: emulator.patronApiUrl,
  };
  now = Date.now();
  app = await startTestApp({
    providers: {
      overdrive: { provider: overdrive({ ...hosts, websiteId: credentials.websiteId }), loginPage: '/login' },
      kiosk: overdrive({ ...hosts, websiteId: emulator.pinlessWebsiteId, pinless: true }),
    },
    // The app's clock, so that a test can let a patron token run out.
    clientOptions: { clock: () => now },
  });
  emulator.controls.clearRequests();
});
afterEach(async () => {
  await app.close();
});

function signIn(browser: Browser, path: string, body: Record<string, string>) {
  return browser.request(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('OverDrive card + PIN', () => {
  it('signs in with the password grant and calls the Circulation API as the patron', async () => {
    const browser = new Browser();
    const answer = await signIn(browser, '/auth/overdrive/login', ADA);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).patron).toMatchObject({ provider: 'overdrive', patronId: '3100001' });
    expect(emulator.controls.tokenRequests('overdrive.patrontoken')).toBe(1);

    const record = await browser.request(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(JSON.parse(record.body).patronId).toBe(3100001);
    // The patron token stays on the server: nothing the browser saw contains it or the PIN.
    const seen = browser.history.map((hop) => hop.body + hop.setCookies.join()).join();
    expect(seen).not.toContain(ADA.pin);
    expect(seen).not.toMatch(/access_token|bearer/i);
  });

  it('refuses a wrong PIN with 401 invalid_credentials, without echoing card or PIN', async () => {
    const answer = await signIn(new Browser(), '/auth/overdrive/login', {
      barcode: ADA.barcode,
      pin: '1111',
    });
    expect(answer.status).toBe(401);
    const body = JSON.parse(answer.body);
    expect(body.error.code).toBe('invalid_credentials');
    expect(answer.body).not.toContain('1111');
    expect(answer.body).not.toContain(ADA.barcode);
  });

  it('refuses a blocked patron with the right PIN as invalid_credentials', async () => {
    const answer = await signIn(new Browser(), '/auth/overdrive/login', {
      barcode: '23025000000003',
      pin: '1357',
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe('invalid_credentials');
  });

  it('a form without a PIN is a 400 invalid_input on a collection that needs one', async () => {
    const answer = await signIn(new Browser(), '/auth/overdrive/login', BEN_NO_PIN);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('invalid_input');
    expect(emulator.controls.tokenRequests('overdrive.patrontoken')).toBe(0);
  });

  it('signs in PIN-less on a collection that needs no PIN', async () => {
    const browser = new Browser();
    const answer = await signIn(browser, '/auth/kiosk/login', BEN_NO_PIN);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).patron).toMatchObject({ provider: 'kiosk', patronId: '3100002' });
    const record = await browser.request(`${app.url}/me/record`);
    expect(JSON.parse(record.body).patronId).toBe(3100002);
  });

  it('an expired patron token sends the page back to the sign-in form, then back to the page', async () => {
    const browser = new Browser();
    await signIn(browser, '/auth/overdrive/login', ADA);
    now += 3601 * 1000;
    const page = await browser.request(`${app.url}/account?tab=holds`);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${app.url}/login?returnTo=${encodeURIComponent('/account?tab=holds')}`);

    // The app's form posts to the PIN route with the returnTo it was given.
    const landing = await browser.submit(`${app.url}/auth/overdrive/login`, {
      ...ADA,
      returnTo: new URL(page.location!).searchParams.get('returnTo')!,
    });
    expect(landing.url).toBe(`${app.url}/account?tab=holds`);
    expect(landing.status).toBe(200);
  });

  it('a token OverDrive revoked cannot be renewed: back to sign-in with returnTo', async () => {
    const browser = new Browser();
    await signIn(browser, '/auth/overdrive/login', ADA);
    emulator.controls.restart();
    const page = await browser.request(`${app.url}/me/record`);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${app.url}/login?returnTo=%2Fme%2Frecord`);
    expect(browser.cookie('ils_session')).toBeUndefined();
    // The PIN was not kept to get a new token silently.
    expect(emulator.controls.tokenRequests('overdrive.patrontoken')).toBe(1);
  });

  it('req.ils.client("overdrive") calls Discovery with the app token and no X-Forwarded-For', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await new Browser().request(`${app.url}/app/overdrive/v1/libraries/4425`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).name).toBe('Riverside Public Library');
    }
    expect(emulator.controls.tokenRequests('overdrive.token')).toBe(1);
    const calls = emulator.controls
      .requests()
      .filter((entry) => entry.endpoint === 'overdrive.libraries.get');
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers.forwardedFor).toBeUndefined();
      expect(call.headers.userAgent).toBe(APP_USER_AGENT);
    }
  });
});
