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

  it('refuses a replayed callback, even with a copy of the transaction cookie', async () => {
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/sierra/login`);
    const copy = browser.cookie('ils_tx_sierra')!;
    await signInOnLoginPage(browser, start.location!);
    const callbackUrl = browser.history.find((hop) =>
      hop.url.startsWith(`${app.url}/auth/sierra/callback`),
    )!.url;

    const replayed = await browser.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(replayed.status).toBe(403);
    expect(JSON.parse(replayed.body).error.code).toBe('state_mismatch');

    const attacker = new Browser();
    attacker.setCookie(copy);
    const withCopy = await attacker.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(withCopy.status).toBe(403);
    expect(JSON.parse(withCopy.body).error.code).toBe('state_mismatch');
    expect(attacker.cookie('ils_session')).toBeUndefined();
  });

  it('refuses a callback with a missing or wrong state, and one without a sign-in in progress', async () => {
    for (const query of ['code=abc', 'code=abc&state=forged-state-value']) {
      const browser = new Browser();
      await browser.request(`${app.url}/auth/sierra/login`);
      const answer = await browser.request(`${app.url}/auth/sierra/callback?${query}`);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'state_mismatch', message: expect.any(String) },
      });
    }
    const stranger = await new Browser().request(`${app.url}/auth/sierra/callback?code=abc&state=x`);
    expect(stranger.status).toBe(403);
    expect(JSON.parse(stranger.body).error.code).toBe('state_mismatch');
    // No code was ever sent to Sierra's token endpoint for any of them.
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(0);
  });

  it('refuses a transaction cookie that was tampered with', async () => {
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/sierra/login`);
    const cookie = browser.cookie('ils_tx_sierra')!;
    const last = cookie.value.at(-2) === 'A' ? 'B' : 'A';
    browser.setCookie({ ...cookie, value: `${cookie.value.slice(0, -2)}${last}${cookie.value.at(-1)}` });
    const landing = await signInOnLoginPage(browser, start.location!);
    expect(landing.status).toBe(403);
    expect(JSON.parse(landing.body).error.code).toBe('state_mismatch');
  });

  it('lands on "/" whatever off-site returnTo it was given', async () => {
    const browser = new Browser();
    const start = await browser.request(
      `${app.url}/auth/sierra/login?returnTo=${encodeURIComponent('//evil.example')}`,
    );
    const landing = await signInOnLoginPage(browser, start.location!);
    expect(landing.url).toBe(`${app.url}/`);
    expect(landing.body).toBe('home');
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

  it('answers a wrong PIN with 401 invalid_credentials and no PIN in the body', async () => {
    const browser = new Browser();
    const answer = await signInWithPin(browser, { barcode: RITA.barcode, pin: '9876' });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'invalid_credentials', message: 'Sierra refused the barcode or PIN' },
    });
    expect(answer.body).not.toContain('9876');
    expect(answer.setCookies).toEqual([]);
  });

  it('refuses hostile input before any call to Sierra', async () => {
    for (const body of [
      { barcode: RITA.barcode },
      { barcode: 'a\r\nb', pin: '1' },
      { barcode: ['x'], pin: '1' },
    ]) {
      const answer = await signInWithPin(new Browser(), body as unknown as Record<string, string>);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe('invalid_input');
    }
    const broken = await new Browser().request(`${app.url}/auth/sierra-pin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"barcode": ',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('invalid_request');
    expect(
      emulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.patrons.validate'),
    ).toEqual([]);
  });

  it('refuses a sign-in posted from another site', async () => {
    const answer = await new Browser().request(`${app.url}/auth/sierra-pin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams(RITA).toString(),
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('cross_site_request');
    expect(answer.setCookies).toEqual([]);
  });

  it('regenerates the session id at sign-in and forgets the old session', async () => {
    const browser = new Browser();
    await signInWithPin(browser);
    const first = browser.cookie('ils_session')!.value;
    const again = await signInWithPin(browser, { barcode: '21913000000005', pin: '5555' });
    expect(again.status).toBe(200);
    const second = browser.cookie('ils_session')!.value;
    expect(second).not.toBe(first);

    const stale = new Browser();
    stale.setCookie({ name: 'ils_session', value: first, host: '127.0.0.1', path: '/' });
    const answer = await stale.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(401);
    // The stale cookie is cleared.
    expect(answer.setCookies.some((cookie) => cookie.startsWith('ils_session=;'))).toBe(true);
    const current = await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
    expect(JSON.parse(current.body).patron.patronId).toBe('1000005');
  });

  it('a session id planted before sign-in is not the one after it', async () => {
    const browser = new Browser();
    const planted = `sierra-pin.${'A'.repeat(43)}`;
    browser.setCookie({ name: 'ils_session', value: planted, host: '127.0.0.1', path: '/' });
    await signInWithPin(browser);
    expect(browser.cookie('ils_session')!.value).not.toBe(planted);
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

describe('open redirects', () => {
  const attempts = [
    '//evil.example',
    '//evil.example/path',
    'https://evil.example',
    'http:evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/%0a/evil.example',
    'javascript:alert(1)',
    ' //evil.example',
    '%2F%2Fevil.example',
    '/\u2028/evil.example',
  ];
  it.each(attempts)('returnTo=%j after PIN sign-in lands on "/"', async (returnTo) => {
    const browser = new Browser();
    const answer = await browser.request(`${app.url}/auth/sierra-pin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...RITA, returnTo }).toString(),
    });
    expect(answer.status).toBe(303);
    // '/%0a/evil.example' is a path on this site (the browser keeps %0a encoded) and may stay.
    expect(new URL(answer.location!).origin).toBe(app.url);
    if (returnTo !== '/%0a/evil.example') expect(answer.location).toBe(`${app.url}/`);
  });

  it('an encoded //evil in the query string is decoded once and refused', async () => {
    const browser = new Browser();
    const answer = await browser.request(`${app.url}/auth/sierra-pin/login?returnTo=%2F%2Fevil.example`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(RITA).toString(),
    });
    expect(answer.location).toBe(`${app.url}/`);
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

  it('recovers from a Sierra restart with exactly one extra token request', async () => {
    const browser = new Browser();
    expect((await browser.request(`${app.url}/app/sierra/bibs/1000004`)).status).toBe(200);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    emulator.controls.restart();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => new Browser().request(`${app.url}/app/sierra/bibs/1000005`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(2);
  });

  it('PIN sign-in shares the same app token and forwards the IP on the PIN check', async () => {
    await signInWithPin(new Browser());
    await new Browser().request(`${app.url}/app/sierra/bibs/1000004`);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    const validate = emulator.controls
      .requests()
      .find((entry) => entry.endpoint === 'sierra.patrons.validate')!;
    expect(validate.headers.forwardedFor).toBe('127.0.0.1');
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

  it('a PIN session (app token) carries on after the restart', async () => {
    const browser = new Browser();
    await signInWithPin(browser);
    emulator.controls.restart();
    const record = await browser.request(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(JSON.parse(record.body).id).toBe(1000001);
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

  it('unknown provider names in req.ils.client are a 500 config error with no detail leaked', async () => {
    const answer = await new Browser().request(`${app.url}/app/nope/bibs/1`);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('config_invalid');
  });
});
