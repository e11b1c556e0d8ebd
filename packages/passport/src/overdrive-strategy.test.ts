import type { PatronProfile, PatronSession } from '@ils-auth/core';
import { type OverDriveEmulator, overdrivePatrons, startOverDrive } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { OverDriveStrategy, type OverDriveStrategyOptions } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, post } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// A patron whose PIN cannot turn up by chance in ids or timestamps.
const ODA = { barcode: '23025000000009', pin: 'Od-Pin-5150x' };
const KIOSK = { barcode: '23025000000002' }; // no PIN: only the PIN-less website
const BLOCKED = { barcode: '23025000000003', pin: '1357' };

let overdrive: OverDriveEmulator;
const apps: TestApp[] = [];

beforeAll(async () => {
  overdrive = await startOverDrive({
    patrons: [
      ...overdrivePatrons,
      { cardNumber: ODA.barcode, pin: ODA.pin, patronId: 3100009, email: 'oda@example.org', note: 'test' },
    ],
  });
});
afterAll(() => overdrive.close());
afterEach(async () => {
  overdrive.controls.clearFaults();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function options(extra: Partial<OverDriveStrategyOptions> = {}): OverDriveStrategyOptions {
  const { clientId, clientSecret, websiteId, authorizationName } = overdrive.credentials;
  return {
    clientId,
    clientSecret,
    websiteId,
    authorizationName,
    oauthUrl: overdrive.oauthUrl,
    patronOauthUrl: overdrive.patronOauthUrl,
    apiUrl: overdrive.apiUrl,
    patronApiUrl: overdrive.patronApiUrl,
    secret: COOKIE_SECRET,
    ...extra,
  };
}

function recordingStrategy(extra: Partial<OverDriveStrategyOptions> = {}) {
  const seen: { profile?: PatronProfile; session?: PatronSession } = {};
  const strategy = new OverDriveStrategy(options(extra), async (profile, session) => {
    Object.assign(seen, { profile, session });
    return { id: profile.id };
  });
  return { strategy, seen };
}

async function appWith(strategy: OverDriveStrategy) {
  const app = await startTestApp({ strategies: [strategy] });
  apps.push(app);
  return app;
}

describe('OverDriveStrategy: card + PIN by the password grant', () => {
  test('success: patron token, profile from /v1/patrons/me, the session calls the API as the patron', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    overdrive.controls.clearRequests();
    const answer = await post(`${app.url}/login/overdrive`, ODA);
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ id: '3100009' });
    expect(seen.profile).toMatchObject({ provider: 'overdrive', id: '3100009', barcode: ODA.barcode });
    expect(seen.profile?.raw).toMatchObject({ patronId: 3100009 });
    expect(overdrive.controls.requests().map((entry) => entry.endpoint)).toEqual([
      'overdrive.patrontoken',
      'overdrive.patrons.me',
    ]);
    const me = await strategy.auth.fetch(seen.session!.id, '/v1/patrons/me');
    expect(me.status).toBe(200);
    expectNoSecrets(
      [app.outcomes, answer.body, seen.profile],
      [ODA.pin, overdrive.credentials.clientSecret, seen.session!.id],
    );
  });

  test('a wrong PIN: fail 401 invalid_credentials', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/overdrive`, { ...ODA, pin: 'Wrong-Pin-777' });
    expect(answer.status).toBe(401);
    expect(answer.body.info).toMatchObject({ code: 'invalid_credentials' });
    expect(answer.body.info.message).toMatch(/^OverDrive refused the card number or PIN/);
    expectNoSecrets(app.outcomes, ['Wrong-Pin-777', overdrive.credentials.clientSecret]);
  });

  test('a blocked patron: fail 401 with OverDrive’s reason', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/overdrive`, BLOCKED);
    expect(answer.status).toBe(401);
    expect(answer.body.info.code).toBe('invalid_credentials');
    expect(answer.body.info.message).toMatch(/fines/);
  });

  test('pinless: the card number alone signs in on a PIN-less website; the PIN field is optional', async () => {
    const { strategy, seen } = recordingStrategy({
      websiteId: overdrive.pinlessWebsiteId,
      pinless: true,
    });
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/overdrive`, KIOSK);
    expect(answer.status).toBe(200);
    expect(seen.profile).toMatchObject({ id: '3100002', barcode: KIOSK.barcode });
  });

  test('not pinless: a missing PIN is fail 400 "Missing credentials" with no request', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const before = overdrive.controls.requests().length;
    const answer = await post(`${app.url}/login/overdrive`, KIOSK);
    expect(answer.status).toBe(400);
    expect(answer.body.info).toEqual({ message: 'Missing credentials' });
    expect(overdrive.controls.requests().length).toBe(before);
  });

  test('hostile input is refused before any network call: fail 400 invalid_input (core’s status)', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const before = overdrive.controls.requests().length;
    for (const body of [
      { barcode: `${ODA.barcode}\n`, pin: ODA.pin },
      { barcode: '9'.repeat(200), pin: ODA.pin },
      { barcode: ODA.barcode, pin: `${ODA.pin}\u2028` },
    ]) {
      const answer = await post(`${app.url}/login/overdrive`, body, true);
      expect(answer.status).toBe(400);
      expect(answer.body.info.code).toBe('invalid_input');
    }
    expect(overdrive.controls.requests().length).toBe(before);
  });

  test.each([
    ['503', 'provider_unavailable', { status: 503 }],
    ['a timeout', 'timeout', { delayMs: 1500 }],
  ])('the patron token endpoint answering %s reaches error() as %s', async (_label, code, fault) => {
    const { strategy } = recordingStrategy({ clientOptions: { timeoutMs: 500 } });
    const app = await appWith(strategy);
    overdrive.controls.inject({ endpoint: 'overdrive.patrontoken', ...fault });
    const answer = await post(`${app.url}/login/overdrive`, ODA);
    expect(answer.status).toBe(500);
    expect(app.outcomes[0]?.error).toMatchObject({ name: 'IlsAuthError', code, retryable: true });
    expectNoSecrets(app.outcomes, [ODA.pin, overdrive.credentials.clientSecret]);
  });

  test('with express-session: passport’s own login keeps req.user', async () => {
    const strategy = new OverDriveStrategy(options(), (profile, _session, done) =>
      done(null, { id: profile.id }),
    );
    const app = await startTestApp({ strategies: [strategy], session: true });
    apps.push(app);
    const browser = new Browser();
    const login = await browser.request(`${app.url}/std/overdrive/login`, { form: ODA });
    expect(JSON.parse(login.body).user).toEqual({ id: '3100009' });
    const me = await browser.request(`${app.url}/me`);
    expect(JSON.parse(me.body)).toEqual({ user: { id: '3100009' } });
  });

  test('a done-form verify and passReqToCallback', async () => {
    const strategy = new OverDriveStrategy(
      { ...options(), passReqToCallback: true },
      (req, profile, _session, done) =>
        done(null, { id: profile.id, body: Object.keys(req.body as object).sort() }),
    );
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/overdrive`, ODA);
    expect(answer.body.user).toEqual({ id: '3100009', body: ['barcode', 'pin'] });
  });
});
