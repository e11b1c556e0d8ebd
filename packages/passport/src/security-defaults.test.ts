import { request as httpRequest } from 'node:http';
import { IlsAuthError, type PatronProfile } from '@ils-auth/core';
import { type ReroEmulator, type SierraEmulator, startRero, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ReroStrategy, SierraPinStrategy, type SierraPinStrategyOptions } from './index.js';
import { COOKIE_SECRET, post, signInOnRero } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// Patron 1000002 of the Sierra emulator; RERO's Jean Simon.
const PIM = { barcode: '21913000000002', pin: '12345678abc' };
const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };

let sierra: SierraEmulator;
let rero: ReroEmulator;
const apps: TestApp[] = [];

beforeAll(async () => {
  [sierra, rero] = await Promise.all([startSierra(), startRero()]);
});
afterAll(() => Promise.all([sierra.close(), rero.close()]));
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function appWith(strategy: object, session = false): Promise<TestApp> {
  const app = await startTestApp({ strategies: [strategy as SierraPinStrategy], session });
  apps.push(app);
  return app;
}

function pinStrategy(extra: Partial<SierraPinStrategyOptions> = {}) {
  return new SierraPinStrategy(
    { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET, ...extra },
    async (profile: PatronProfile) => ({ id: profile.id }),
  );
}

function reroStrategy() {
  return new ReroStrategy(
    { baseUrl: rero.url, ...rero.credentials, callbackURL: '/auth/rero/callback', secret: COOKIE_SECRET },
    async (_accessToken, _refreshToken, profile) => ({ id: profile.id }),
  );
}

const pinChecks = () =>
  sierra.controls.requests().filter((entry) => entry.endpoint === 'sierra.patrons.validate').length;

describe('PIN strategies throttle PIN guessing by default (core LoginThrottle)', () => {
  test('20 parallel wrong PINs for one card, spelt five ways: 5 reach Sierra, the rest fail 429', async () => {
    const app = await appWith(pinStrategy());
    const spellings = [
      PIM.barcode,
      ` ${PIM.barcode}`,
      `${PIM.barcode} `,
      `2191 3000 0000 02`,
      `  ${PIM.barcode}  `,
    ];
    const before = pinChecks();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        fetch(`${app.url}/login/sierra-pin`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ barcode: spellings[index % spellings.length], pin: `0${index}` }),
        }),
      ),
    );
    expect(pinChecks() - before).toBe(5);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const limited = answers.find((answer) => answer.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('cache-control')).toBe('no-store');
    const body = (await limited.json()) as { info: { code: string; retryAfter: number } };
    expect(body.info).toMatchObject({ code: 'rate_limited' });
    expect(body.info.retryAfter).toBeGreaterThan(0);

    // The right PIN is refused too until the window ends, without reaching Sierra.
    const right = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(right.status).toBe(429);
    expect(pinChecks() - before).toBe(5);
  });

  test('`throttle` sets the limits (as core’s ThrottleOptions); `throttle: false` turns it off', async () => {
    const strict = await appWith(
      pinStrategy({ name: 'strict', throttle: { barcode: { max: 2, windowSeconds: 60 } } }),
    );
    const before = pinChecks();
    for (let attempt = 0; attempt < 4; attempt++)
      await post(`${strict.url}/login/strict`, { ...PIM, pin: 'nope-1' });
    expect(pinChecks() - before).toBe(2);

    const open = await appWith(pinStrategy({ name: 'open', throttle: false }));
    const openBefore = pinChecks();
    for (let attempt = 0; attempt < 7; attempt++)
      await post(`${open.url}/login/open`, { ...PIM, pin: 'nope-2' });
    expect(pinChecks() - openBefore).toBe(7);
  });
});

describe('PIN strategies refuse cross-site posts (login CSRF)', () => {
  test('another site’s Origin or Sec-Fetch-Site: fail 403 cross_site_request before Sierra is asked', async () => {
    const app = await appWith(pinStrategy());
    const before = sierra.controls.requests().length;
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'https://evil.example/form.html' },
    ];
    for (const headers of crossSite) {
      const answer = await post(`${app.url}/login/sierra-pin`, PIM, false, headers);
      expect(answer.status).toBe(403);
      expect(answer.body.info.code).toBe('cross_site_request');
    }
    expect(sierra.controls.requests().length).toBe(before);
    // The site's own page, and a typed or bookmarked request, go through.
    expect((await post(`${app.url}/login/sierra-pin`, PIM, false, { origin: app.url })).status).toBe(200);
    expect(
      (await post(`${app.url}/login/sierra-pin`, PIM, false, { 'sec-fetch-site': 'same-origin' })).status,
    ).toBe(200);
  });

  test('`trustedOrigins` lets a separate front end post; `origin` fixes the site’s own', async () => {
    const trusting = await appWith(pinStrategy({ name: 'front', trustedOrigins: ['https://front.example'] }));
    const headers = { origin: 'https://front.example' };
    expect((await post(`${trusting.url}/login/front`, PIM, false, headers)).status).toBe(200);

    const configured = await appWith(pinStrategy({ name: 'fixed', origin: 'https://catalogue.example' }));
    expect((await post(`${configured.url}/login/fixed`, PIM, false, { origin: configured.url })).status).toBe(
      403,
    );
    expect(
      (await post(`${configured.url}/login/fixed`, PIM, false, { origin: 'https://catalogue.example' }))
        .status,
    ).toBe(200);
  });
});

describe('code flows: single use in the store, no-store answers, a validated Host', () => {
  test.each([
    ['the sealed cookie', false],
    ['express-session', true],
  ])(
    'with %s, two simultaneous deliveries of one callback exchange the code once',
    async (_mode, session) => {
      const app = await appWith(reroStrategy(), session);
      const browser = new Browser();
      const prefix = session ? '/std' : '/auth';
      const { answer } = await signInOnRero(browser, `${app.url}${prefix}/rero`, JEAN);
      const callback = new URL(answer.location!);
      callback.pathname = `${prefix}/rero/callback`;
      const before = rero.controls.tokenRequests();
      const [first, second] = await Promise.all([browser.request(callback), browser.request(callback)]);
      expect(rero.controls.tokenRequests() - before).toBe(1);
      expect([first.status, second.status].sort()).toEqual(session ? [200, 302] : [200, 403]);
    },
  );

  test('every sign-in answer carries Cache-Control: no-store', async () => {
    const app = await appWith(reroStrategy());
    const browser = new Browser();
    const start = await fetch(`${app.url}/auth/rero`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.get('cache-control')).toBe('no-store');
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    const done = await fetch(answer.location!, {
      headers: { cookie: browser.cookieHeader(new URL(answer.location!)) },
      redirect: 'manual',
    });
    expect(done.status).toBe(200);
    expect(done.headers.get('cache-control')).toBe('no-store');
    const pinApp = await appWith(pinStrategy());
    const wrong = await fetch(`${pinApp.url}/login/sierra-pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ barcode: PIM.barcode, pin: 'wrong-pin' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('cache-control')).toBe('no-store');
  });

  test('a garbage Host never reaches the redirect URI: fail 400', async () => {
    const app = await appWith(reroStrategy());
    const { port } = new URL(app.url);
    for (const host of ['evil.com#', 'a@b', 'x/y']) {
      const answer = await new Promise<{ status: number; location: string | undefined }>(
        (resolve, reject) => {
          const outgoing = httpRequest(
            { host: '127.0.0.1', port, path: '/auth/rero', headers: { host } },
            (res) => {
              res.resume();
              resolve({ status: res.statusCode ?? 0, location: res.headers.location });
            },
          );
          outgoing.on('error', reject);
          outgoing.end();
        },
      );
      expect(answer.status).toBe(400);
      expect(answer.location).toBeUndefined();
    }
  });
});

describe('options are strict', () => {
  test('an unknown option is config_invalid naming it, for every strategy kind', () => {
    const cases: [() => unknown, string][] = [
      [() => pinStrategy({ secureCookie: true } as never), 'secureCookie'],
      [
        () => pinStrategy({ throttle: { barcode: { max: 3, windowSeconds: 60 }, ipp: {} } as never }),
        'throttle.ipp',
      ],
      [
        () =>
          new ReroStrategy(
            { baseUrl: rero.url, ...rero.credentials, secret: COOKIE_SECRET, secureCookie: true } as never,
            async () => false,
          ),
        'secureCookie',
      ],
    ];
    for (const [make, option] of cases) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IlsAuthError);
      expect(thrown).toMatchObject({ code: 'config_invalid' });
      expect((thrown as Error).message).toContain(`\`${option}\``);
    }
  });
});
