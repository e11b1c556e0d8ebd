import type { PatronProfile, PatronSession } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SierraPinStrategy, type SierraPinStrategyOptions, type VerifyCallback } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, post } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// Patron 1000002: a PIN that cannot turn up by chance in ids or timestamps.
const PIM = { barcode: '21913000000002', pin: '12345678abc' };

let sierra: SierraEmulator;
const apps: TestApp[] = [];

beforeAll(async () => {
  sierra = await startSierra();
});
afterAll(() => sierra.close());
afterEach(async () => {
  sierra.controls.clearFaults();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function options(extra: Partial<SierraPinStrategyOptions> = {}): SierraPinStrategyOptions {
  return { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET, ...extra };
}

interface Seen {
  profile?: PatronProfile;
  session?: PatronSession;
}

function recordingStrategy(extra: Partial<SierraPinStrategyOptions> = {}) {
  const seen: Seen = {};
  const strategy = new SierraPinStrategy(options(extra), async (profile, session) => {
    Object.assign(seen, { profile, session });
    return { id: profile.id, name: profile.name };
  });
  return { strategy, seen };
}

async function appWith(strategy: SierraPinStrategy, extra: { session?: boolean; trustProxy?: boolean } = {}) {
  const app = await startTestApp({ strategies: [strategy], ...extra });
  apps.push(app);
  return app;
}

describe('SierraPinStrategy: the app’s own form, PIN checked with the app token', () => {
  test('success: /patrons/validate then the record; profile and core session reach the verify', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    sierra.controls.clearRequests();
    const answer = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ id: '1000002', name: 'Langley, Pim' });
    expect(seen.profile).toMatchObject({
      provider: 'sierra',
      id: '1000002',
      barcode: '21913000000002',
      email: 'pim.langley@example.org',
      birthdate: '1979-11-02',
    });
    expect(seen.session?.patronId).toBe('1000002');
    expect(seen.session?.refreshable).toBe(false);
    expect(answer.body.info.patronSession).toMatchObject({ id: '[redacted]', patronId: '1000002' });
    const endpoints = sierra.controls.requests().map((entry) => entry.endpoint);
    expect(endpoints).toEqual([
      'sierra.token',
      'sierra.patrons.validate',
      'sierra.patrons.find',
      'sierra.patrons.get',
    ]);
    // The patron's IP went to Sierra as X-Forwarded-For on the PIN check.
    const validate = sierra.controls.requests().find((entry) => entry.endpoint === 'sierra.patrons.validate');
    expect(validate?.headers.forwardedFor).toBe('127.0.0.1');
    // The session is the app's way to the patron's record later.
    const record = await strategy.auth.fetch(seen.session!.id, `/patrons/${seen.session!.patronId}`);
    expect(record.status).toBe(200);
    expectNoSecrets(
      [app.outcomes, answer.body],
      [PIM.pin, sierra.credentials.clientSecret, seen.session!.id],
    );
  });

  test('behind a trusted proxy the patron’s own IP (req.ip) is forwarded', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy, { trustProxy: true });
    sierra.controls.clearRequests();
    await post(`${app.url}/login/sierra-pin`, PIM, false, { 'x-forwarded-for': '203.0.113.7' });
    const validate = sierra.controls.requests().find((entry) => entry.endpoint === 'sierra.patrons.validate');
    expect(validate?.headers.forwardedFor).toBe('203.0.113.7');
  });

  test('with express-session: passport’s own login, req.user in later requests', async () => {
    const strategy = new SierraPinStrategy(options(), (profile: PatronProfile, done: VerifyCallback) =>
      done(null, { id: profile.id }),
    );
    const app = await appWith(strategy, { session: true });
    const browser = new Browser();
    const login = await browser.request(`${app.url}/std/sierra-pin/login`, { form: PIM });
    expect(login.status).toBe(200);
    expect(JSON.parse(login.body)).toMatchObject({
      user: { id: '1000002' },
      authInfo: { patronSession: {} },
    });
    const me = await browser.request(`${app.url}/me`);
    expect(JSON.parse(me.body)).toEqual({ user: { id: '1000002' } });
  });

  test('a wrong PIN is fail({ message }, 401) with code invalid_credentials', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/sierra-pin`, { ...PIM, pin: 'wrong-pin-42' });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      kind: 'fail',
      info: { message: 'Sierra refused the barcode or PIN', code: 'invalid_credentials' },
      status: 401,
    });
    expect(seen.profile).toBeUndefined();
    expectNoSecrets(app.outcomes, ['wrong-pin-42', PIM.barcode]);
  });

  test('missing fields: fail 400 "Missing credentials" (passport-local), or the configured message', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const before = sierra.controls.requests().length;
    for (const body of [{}, { barcode: PIM.barcode }, { pin: PIM.pin }, { barcode: '', pin: '' }]) {
      const answer = await post(`${app.url}/login/sierra-pin`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.info).toEqual({ message: 'Missing credentials' });
    }
    expect(sierra.controls.requests().length).toBe(before);

    const custom = new SierraPinStrategy(
      options({ name: 'custom', badRequestMessage: 'Card number and PIN, please' }),
      async (profile) => profile,
    );
    const customApp = await appWith(custom);
    expect((await post(`${customApp.url}/login/custom`, {})).body.info.message).toBe(
      'Card number and PIN, please',
    );
  });

  test('hostile input is refused before any network call: fail 400 invalid_input (core’s status)', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const before = sierra.controls.requests().length;
    const hostile: Record<string, unknown>[] = [
      { barcode: '21913000000002\r\nX-Injected: 1', pin: PIM.pin },
      { barcode: '2191300\u0000', pin: PIM.pin },
      { barcode: '2'.repeat(200), pin: PIM.pin },
      { barcode: PIM.barcode, pin: `${'p'.repeat(199)}\u0007` },
      { barcode: [PIM.barcode, 'other'], pin: PIM.pin },
      { barcode: { $ne: '' }, pin: PIM.pin },
    ];
    for (const body of hostile) {
      const answer = await post(`${app.url}/login/sierra-pin`, body, true);
      expect(answer.status).toBe(400);
      expect(answer.body.info.code).toBe('invalid_input');
      expect(answer.body.info.message).toMatch(/^the (barcode|pin) /);
    }
    expect(sierra.controls.requests().length).toBe(before);
    expectNoSecrets(app.outcomes, ['X-Injected', 'p'.repeat(50), '2'.repeat(50)]);
  });

  test('field names are configurable, nested fields work, the query string only when allowed', async () => {
    const strategy = new SierraPinStrategy(
      options({ barcodeField: 'patron[card]', pinField: 'patron[secret]' }),
      async (profile) => ({ id: profile.id }),
    );
    const app = await appWith(strategy);
    const nested = await post(
      `${app.url}/login/sierra-pin`,
      { patron: { card: PIM.barcode, secret: PIM.pin } },
      true,
    );
    expect(nested.body.user).toEqual({ id: '1000002' });

    const query = `barcode=${PIM.barcode}&pin=${PIM.pin}`;
    const noQuery = await appWith(recordingStrategy({ name: 'no-query' }).strategy);
    expect((await fetch(`${noQuery.url}/login/no-query?${query}`, { method: 'POST' })).status).toBe(400);
    const withQuery = await appWith(recordingStrategy({ name: 'with-query', allowQuery: true }).strategy);
    expect((await fetch(`${withQuery.url}/login/with-query?${query}`, { method: 'POST' })).status).toBe(200);
  });

  test.each([
    ['the app token request', 'sierra.token'],
    ['the PIN check', 'sierra.patrons.validate'],
  ])('an outage of %s reaches error() as provider_unavailable', async (_label, endpoint) => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    sierra.controls.restart(); // forget the app token, so the token endpoint is asked again
    sierra.controls.inject({ endpoint, status: 503, times: 2 });
    const answer = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(answer.status).toBe(500);
    expect(app.outcomes[0]?.error).toMatchObject({ name: 'IlsAuthError', code: 'provider_unavailable' });
    expectNoSecrets(app.outcomes, [PIM.pin, sierra.credentials.clientSecret]);
  });

  test('a stopped Sierra reaches error()', async () => {
    const down = await startSierra();
    const strategy = new SierraPinStrategy(
      { baseUrl: down.url, ...down.credentials, secret: COOKIE_SECRET },
      async (p) => p,
    );
    const app = await appWith(strategy);
    await down.close();
    const answer = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(answer.status).toBe(500);
    expect(app.outcomes[0]?.error).toMatchObject({ code: 'provider_unavailable' });
  });

  test('verify refusing the patron: fail with its info, and the core session is ended', async () => {
    let session: PatronSession | undefined;
    const strategy = new SierraPinStrategy(options(), (_profile, patronSession, done) => {
      session = patronSession;
      done(null, false, { message: 'card not allowed here' });
    });
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(answer.status).toBe(401);
    expect(answer.body.info).toEqual({ message: 'card not allowed here' });
    await expect.poll(() => strategy.auth.getSession(session!.id)).toBeUndefined();
  });

  test('passReqToCallback: (req, profile, session, done)', async () => {
    const strategy = new SierraPinStrategy(
      { ...options(), passReqToCallback: true },
      (req, profile, session, done) => done(null, { id: profile.id, ip: req.ip, provider: session.provider }),
    );
    const app = await appWith(strategy);
    const answer = await post(`${app.url}/login/sierra-pin`, PIM);
    expect(answer.body.user).toEqual({ id: '1000002', ip: '127.0.0.1', provider: 'sierra' });
  });
});
