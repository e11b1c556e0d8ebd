import { request as httpRequest } from 'node:http';
import { IlsAuthError, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser, type Hop, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ilsAuth } from './ils-auth.js';
import type { IlsAuthOptions } from './options.js';
import { startTestApp, TEST_SECRET, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };

let emulator: SierraEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: Partial<IlsAuthOptions> = {}): Promise<TestApp> {
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  app = await startTestApp({
    providers: { sierra: provider, pin: { provider, signIn: 'pin' } },
    ...options,
  });
  emulator.controls.clearRequests();
  return app;
}

function pinPost(url: string, headers: Record<string, string> = {}, body = RITA): Promise<Hop> {
  return new Browser().request(`${url}/auth/pin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Signs in on Sierra's page and stops at Sierra's redirect to our callback, not yet followed. */
async function reachCallback(browser: Browser, url: string): Promise<string> {
  const start = await browser.request(`${url}/auth/sierra/login`);
  const loginPage = await browser.navigate(start.location!);
  const form = readForm(loginPage.body, loginPage.url);
  const atCallback = (hop: Hop) => hop.location?.startsWith(`${url}/auth/sierra/callback`) ?? false;
  const redirect = await browser.submit(
    form.action,
    { ...form.fields, code: RITA.barcode, pin: RITA.pin },
    atCallback,
  );
  return redirect.location!;
}

/** A raw request whose Host header fetch() would not let us write. */
function withHost(url: string, host: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method, headers: { host, accept: 'application/json' } },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('security defaults of the router', () => {
  it('every sign-in answer, success or failure, says Cache-Control: no-store', async () => {
    const { url } = await start();
    const browser = new Browser();
    const responses = [
      await fetch(`${url}/auth/sierra/login`, { redirect: 'manual' }),
      await fetch(`${url}/auth/sierra/callback?code=x&state=y`, { redirect: 'manual' }),
      await fetch(`${url}/auth/pin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ barcode: RITA.barcode, pin: '0000' }),
      }),
      await fetch(`${url}/auth/pin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(RITA),
      }),
      await fetch(`${url}/auth/logout`, { method: 'POST', redirect: 'manual' }),
    ];
    expect(responses.map((response) => response.status)).toEqual([302, 403, 401, 200, 303]);
    for (const response of responses) {
      await response.body?.cancel();
      expect(response.headers.get('cache-control'), response.url).toBe('no-store');
    }
    const callback = await browser.request(await reachCallback(browser, url));
    expect(callback.status).toBe(303);
    expect(callback.headers.get('cache-control')).toBe('no-store');
  });

  it('a garbage Host is a 400 JSON answer, never a 500 or a redirect built from it', async () => {
    const { url, serverErrors } = await start();
    for (const host of ['evil.com#', 'evil.com/x', 'a@evil.com', 'evil.com:99999']) {
      const answer = await withHost(`${url}/auth/sierra/login`, host);
      expect(answer.status, host).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe('invalid_request');
      expect(answer.body).not.toContain('evil.com');
    }
    expect((await withHost(`${url}/auth/pin/login`, 'evil.com#', 'POST')).status).toBe(400);
    expect(serverErrors).toEqual([]);
  });

  it('allowedHosts: a well-formed Host that is not listed is refused', async () => {
    const { url } = await start({ allowedHosts: ['catalogue.example.org'] });
    expect((await withHost(`${url}/auth/sierra/login`, 'catalogue.evil.example')).status).toBe(400);
    expect((await withHost(`${url}/auth/sierra/login`, 'catalogue.example.org')).status).toBe(302);
  });

  it('cross-site PIN and logout posts are 403 cross_site_request; trustedOrigins may post', async () => {
    const { url } = await start({ trustedOrigins: ['https://front.example.org'] });
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'https://evil.example/x' },
    ];
    for (const headers of crossSite) {
      const answer = await pinPost(url, headers);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe('cross_site_request');
      expect(answer.setCookies).toEqual([]);
    }
    expect(
      emulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.patrons.validate'),
    ).toEqual([]);
    const logout = await new Browser().request(`${url}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', accept: 'application/json' },
    });
    expect(logout.status).toBe(403);
    expect((await pinPost(url, { origin: 'https://front.example.org' })).status).toBe(200);
    expect((await pinPost(url, { origin: url })).status).toBe(200);
  });

  it('two simultaneous deliveries of one callback exchange the code once', async () => {
    const { url } = await start();
    // What one sign-in costs at Sierra's token endpoint, once the app token is cached.
    const first = new Browser();
    await first.request(await reachCallback(first, url));
    emulator.controls.clearRequests();
    const single = new Browser();
    await single.request(await reachCallback(single, url));
    const oneSignIn = emulator.controls.tokenRequests('sierra.token');

    emulator.controls.clearRequests();
    const browser = new Browser();
    const callback = await reachCallback(browser, url);
    const answers = await Promise.all([browser.request(callback), browser.request(callback)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 403]);
    const refused = answers.find((answer) => answer.status === 403)!;
    expect(JSON.parse(refused.body).error.code).toBe('state_mismatch');
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(oneSignIn);
  });

  it('unknown options are refused with config_invalid naming the key', () => {
    const provider = sierra({
      baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
      clientId: 'k',
      clientSecret: 'secret-of-8',
    });
    for (const [options, key] of [
      [{ secureCookie: true }, 'secureCookie'],
      [{ throttle: { barcodes: { max: 1, windowSeconds: 1 } } }, 'throttle.barcodes'],
    ] as const) {
      let caught: unknown;
      try {
        ilsAuth({ providers: { sierra: provider }, secret: TEST_SECRET, ...options } as IlsAuthOptions);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(IlsAuthError);
      expect(caught).toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining(`\`${key}\``),
      });
    }
  });
});
