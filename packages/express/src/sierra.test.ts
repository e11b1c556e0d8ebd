import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_USER_AGENT, startTestApp, TEST_SECRET, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  app = await startTestApp({
    providers: { sierra: provider, 'sierra-pin': { provider, signIn: 'pin', loginPage: '/login' } },
  });
  emulator.controls.clearRequests();
});
afterEach(async () => {
  await app.close();
});

/** Everything any response said must be free of PINs and secrets. */
function expectNoSecrets(browser: Browser, extra: string[] = []): void {
  const everything = browser.history.map((hop) => `${hop.body}\n${hop.location ?? ''}`).join('\n');
  for (const secret of [RITA.pin, TEST_SECRET, emulator.credentials.clientSecret, ...extra]) {
    expect(everything).not.toContain(secret);
  }
}

async function signInOnLoginPage(browser: Browser, start: string, credentials = RITA) {
  const loginPage = await browser.navigate(start);
  expect(loginPage.status).toBe(200);
  expect(loginPage.url.startsWith(emulator.authorizeUrl)).toBe(true);
  const form = readForm(loginPage.body, loginPage.url);
  // The browser posts Sierra's form; Sierra redirects to our callback, which redirects to returnTo.
  return browser.submit(form.action, { ...form.fields, code: credentials.barcode, pin: credentials.pin });
}

async function signInWithPin(browser: Browser, credentials: Record<string, string> = RITA) {
  return browser.request(`${app.url}/auth/sierra-pin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(credentials),
  });
}

describe('Sierra login page (code flow)', () => {
  it('sends a page to sign-in, signs the patron in on Sierra, and returns to the page', async () => {
    const browser = new Browser();
    const guard = await browser.request(`${app.url}/account?tab=loans`, { headers: { accept: 'text/html' } });
    expect(guard.status).toBe(302);
    expect(guard.location).toBe(
      `${app.url}/auth/sierra/login?returnTo=${encodeURIComponent('/account?tab=loans')}`,
    );

    const start = await browser.request(guard.location!);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(authorize.origin + authorize.pathname).toBe(emulator.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/sierra/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The transaction cookie: sealed, httpOnly, Lax, only sent to the callback, short-lived.
    const transaction = start.setCookies.find((cookie) => cookie.startsWith('ils_tx_sierra='))!;
    expect(transaction).toMatch(/; HttpOnly/);
    expect(transaction).toMatch(/; SameSite=Lax/);
    expect(transaction).toMatch(/; Path=\/auth\/sierra\/callback/);
    expect(transaction).toMatch(/; Max-Age=600/);
    expect(transaction).not.toMatch(/; Secure/);
    expect(transaction).not.toContain(authorize.searchParams.get('state')!);

    const landing = await signInOnLoginPage(browser, start.location!);
    expect(landing.url).toBe(`${app.url}/account?tab=loans`);
    expect(landing.status).toBe(200);
    const account = JSON.parse(landing.body);
    expect(account.patron).toMatchObject({
      provider: 'sierra',
      patronId: '1000001',
      profile: { name: 'Reader, Rita', barcode: RITA.barcode },
    });
    expect(account.patron.sessionId).toBeUndefined();

    const callback = browser.history.find((hop) => hop.url.startsWith(`${app.url}/auth/sierra/callback`))!;
    expect(callback.status).toBe(303);
    const session = callback.setCookies.find((cookie) => cookie.startsWith('ils_session='))!;
    expect(session).toMatch(/^ils_session=sierra\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    // Cleared after use: the transaction serves one callback only.
    expect(
      callback.setCookies.some((cookie) => /^ils_tx_sierra=;.*Expires=Thu, 01 Jan 1970/.test(cookie)),
    ).toBe(true);
    expect(browser.cookie('ils_tx_sierra')).toBeUndefined();
    expectNoSecrets(browser);
  });
});

describe('Sierra PIN form', () => {
  it('signs in with a JSON body and answers JSON without the PIN', async () => {
    const browser = new Browser();
    const answer = await signInWithPin(browser);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body);
    expect(body.patron).toMatchObject({
      provider: 'sierra-pin',
      patronId: '1000001',
      profile: { name: 'Reader, Rita' },
    });
    expect(answer.setCookies[0]).toMatch(
      /^ils_session=sierra-pin\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const me = await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body).patron.profile.email).toBe('rita.reader@example.org');
    expectNoSecrets(browser);
  });

  it('signs in from an HTML form post and goes to returnTo', async () => {
    const browser = new Browser();
    const loginRoute = await browser.request(`${app.url}/auth/sierra-pin/login?returnTo=%2Faccount`);
    expect(loginRoute.location).toBe(`${app.url}/login?returnTo=%2Faccount`);

    const landing = await browser.submit(`${app.url}/auth/sierra-pin/login`, {
      ...RITA,
      returnTo: '/account',
    });
    expect(browser.history.at(-2)!.status).toBe(303);
    expect(landing.url).toBe(`${app.url}/account`);
    expect(JSON.parse(landing.body).patron.provider).toBe('sierra-pin');
  });

  it('signs out: session deleted and cookie cleared', async () => {
    const browser = new Browser();
    await signInWithPin(browser);
    const cookie = browser.cookie('ils_session')!;
    const out = await browser.request(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(out.status).toBe(204);
    expect(out.setCookies[0]).toMatch(
      /^ils_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT$/,
    );
    const replay = new Browser();
    replay.setCookie(cookie);
    const me = await replay.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    expect(me.status).toBe(401);
    expect(JSON.parse(me.body)).toEqual({
      error: { code: 'session_expired', message: 'sign in to continue' },
    });

    // From a form: back to a local returnTo.
    await signInWithPin(browser);
    const page = await browser.submit(`${app.url}/auth/sierra-pin/logout`, { returnTo: '//evil.example' });
    expect(page.url).toBe(`${app.url}/`);
    expect(browser.cookie('ils_session')).toBeUndefined();
    // No GET sign-out: a link on another site cannot sign patrons out.
    expect((await browser.request(`${app.url}/auth/logout`)).status).toBe(404);
  });

  it('marks cookies Secure when the request came over https (behind a trusted proxy)', async () => {
    const answer = await new Browser().request(`${app.url}/auth/sierra-pin/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-forwarded-proto': 'https',
      },
      body: JSON.stringify(RITA),
    });
    expect(answer.status).toBe(200);
    // Secure, and `__Host-`: browsers refuse it unless Secure, host-only and Path=/ (no subdomain can plant it).
    expect(answer.setCookies[0]).toMatch(
      /^__Host-ils_session=sierra-pin\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
    );
    const start = await new Browser().request(`${app.url}/auth/sierra/login`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(start.setCookies[0]).toMatch(
      /^__Secure-ils_tx_sierra=[^;]+; Path=\/auth\/sierra\/callback; .*; Secure/,
    );
    expect(new URL(start.location!).searchParams.get('redirect_uri')).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/auth\/sierra\/callback$/,
    );
  });
});

describe('app token: req.ils.client("sierra")', () => {
  it("sends the patron's IP as X-Forwarded-For and the app's User-Agent, with one token for many requests", async () => {
    const browser = new Browser();
    for (let i = 0; i < 5; i++) {
      const answer = await browser.request(`${app.url}/app/sierra/bibs/1000004`, {
        headers: { 'user-agent': 'Mozilla/5.0 (patron browser)' },
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).title).toBeTruthy();
    }
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    const calls = emulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.bibs.get');
    expect(calls).toHaveLength(5);
    for (const call of calls) {
      expect(call.headers.forwardedFor).toBe('127.0.0.1');
      expect(call.headers.userAgent).toBe(APP_USER_AGENT);
    }
  });

  it('uses the client IP that a trusted proxy reports', async () => {
    await new Browser().request(`${app.url}/app/sierra/bibs/1000004`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    const call = emulator.controls.requests().find((entry) => entry.endpoint === 'sierra.bibs.get')!;
    expect(call.headers.forwardedFor).toBe('203.0.113.9');
  });
});

describe('a Sierra restart in the middle of a patron session', () => {
  it('a login-page session cannot be renewed: the page goes back to sign-in with returnTo', async () => {
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/sierra/login`);
    await signInOnLoginPage(browser, start.location!);
    const record = await browser.request(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(JSON.parse(record.body).names).toEqual(['Reader, Rita']);

    emulator.controls.restart();
    const after = await browser.request(`${app.url}/me/record?view=full`, {
      headers: { accept: 'text/html' },
    });
    expect(after.status).toBe(302);
    expect(after.location).toBe(
      `${app.url}/auth/sierra/login?returnTo=${encodeURIComponent('/me/record?view=full')}`,
    );
    expect(browser.cookie('ils_session')).toBeUndefined();

    // Signing in again brings the patron back to the page they wanted.
    const again = await browser.request(after.location!);
    const landing = await signInOnLoginPage(browser, again.location!);
    expect(landing.url).toBe(`${app.url}/me/record?view=full`);
    expect(landing.status).toBe(200);
  });

  it('an API call gets a JSON 401 session_expired instead', async () => {
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/sierra/login`);
    await signInOnLoginPage(browser, start.location!);
    emulator.controls.restart();
    const after = await browser.request(`${app.url}/me/record`, { headers: { accept: 'application/json' } });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).error.code).toBe('session_expired');
  });
});

describe('errors', () => {
  it('answers a non-IlsAuthError with a generic 500 and no message or stack', async () => {
    const answer = await new Browser().request(`${app.url}/boom`);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'internal_error', message: 'internal server error' },
    });
    expect(app.serverErrors).toHaveLength(1);
  });
});
