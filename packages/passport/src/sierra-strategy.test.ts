import { IlsAuthError, type PatronProfile, type PatronSession } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  SierraStrategy,
  type SierraStrategyOptions,
  type StrategyRequest,
  type TokenParams,
  type VerifyCallback,
} from './index.js';
import { COOKIE_SECRET, expectNoSecrets, signInOnSierra } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

// Patron 1000002: a PIN that cannot turn up by chance in ids or timestamps.
const RITA = { barcode: '21913000000001', pin: '1234' };
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

function options(extra: Partial<SierraStrategyOptions> = {}): SierraStrategyOptions {
  return {
    baseUrl: sierra.url,
    ...sierra.credentials,
    callbackURL: '/auth/sierra/callback',
    secret: COOKIE_SECRET,
    ...extra,
  };
}

interface Seen {
  accessToken?: string;
  refreshToken?: string;
  profile?: PatronProfile;
  session?: PatronSession;
}

async function appWith(strategy: SierraStrategy, session = false): Promise<TestApp> {
  const app = await startTestApp({ strategies: [strategy], session });
  apps.push(app);
  return app;
}

/** A promise-returning verify that records what it was given and signs the patron in as `{ id, name }`. */
function recordingStrategy(extra: Partial<SierraStrategyOptions> = {}): {
  strategy: SierraStrategy;
  seen: Seen;
} {
  const seen: Seen = {};
  const strategy = new SierraStrategy(options(extra), async (accessToken, refreshToken, profile) => {
    Object.assign(seen, { accessToken, refreshToken, profile });
    return { id: profile.id, name: profile.name };
  });
  return { strategy, seen };
}

describe('SierraStrategy: the patron signs in on Sierra’s login page', () => {
  test('success without express-session: the verify gets a token and the profile from /info/token and the record', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { start, answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);

    const authorize = new URL(start.location!);
    expect(authorize.origin + authorize.pathname).toBe(sierra.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/sierra/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Sierra's login page knows no PKCE (core's descriptor); state is what protects this flow.
    expect(authorize.searchParams.has('code_challenge')).toBe(false);
    expect(answer.status).toBe(302);

    const before = sierra.controls.requests().length;
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(200);
    const outcome = JSON.parse(done.body);
    expect(outcome.kind).toBe('success');
    expect(outcome.user).toEqual({ id: '1000002', name: 'Langley, Pim' });
    expect(seen.accessToken).toMatch(/\S{16,}/);
    expect(seen.refreshToken).toBeUndefined();
    expect(seen.profile).toMatchObject({
      provider: 'sierra',
      id: '1000002',
      barcode: '21913000000002',
      name: 'Langley, Pim',
      email: 'pim.langley@example.org',
      birthdate: '1979-11-02',
      expiresAt: '2030-01-31',
    });
    const endpoints = sierra.controls
      .requests()
      .slice(before)
      .map((entry) => entry.endpoint);
    expect(endpoints).toEqual(['sierra.token', 'sierra.info.token', 'sierra.patrons.get']);

    // req.authInfo carries the core session; its id is hidden from JSON.
    expect(outcome.info.patronSession).toMatchObject({
      id: '[redacted]',
      provider: 'sierra',
      patronId: '1000002',
    });
    const [recorded] = app.outcomes;
    const patronSession = (recorded!.info as { patronSession: PatronSession }).patronSession;
    expect(patronSession.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The session is usable through core: an API call as the patron.
    const record = await strategy.auth.fetch(patronSession.id, `/patrons/${patronSession.patronId}`);
    expect(record.status).toBe(200);

    expectNoSecrets(
      [recorded, done.body],
      [PIM.pin, sierra.credentials.clientSecret, seen.accessToken, patronSession.id],
    );
    // The transaction cookie is cleared by the callback.
    expect(done.setCookies.join()).toMatch(/ils_tx_sierra=; Path=\/auth\/sierra\/callback;.* Max-Age=0/);
  });

  test('success with express-session and passport’s own session login (req.user, req.authInfo)', async () => {
    const strategy = new SierraStrategy(
      options({ callbackURL: '/std/sierra/callback' }),
      (_accessToken, _refreshToken, profile, done) => done(null, { id: profile.id }, { message: 'welcome' }),
    );
    const app = await appWith(strategy, true);
    const browser = new Browser();
    const { start, answer } = await signInOnSierra(browser, `${app.url}/std/sierra`, RITA);
    // No transaction cookie: the transaction waits in the server-side session.
    expect(start.setCookies.join()).not.toContain('ils_tx_');
    expect(start.setCookies.join()).toContain('connect.sid=');
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(200);
    const body = JSON.parse(done.body);
    expect(body.user).toEqual({ id: '1000001' });
    expect(body.authInfo).toMatchObject({ message: 'welcome', patronSession: { provider: 'sierra' } });
    const me = await browser.request(`${app.url}/me`);
    expect(JSON.parse(me.body)).toEqual({ user: { id: '1000001' } });
  });

  test('a wrong PIN never leaves Sierra’s page: the app is not called back', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const { answer } = await signInOnSierra(new Browser(), `${app.url}/auth/sierra`, {
      ...RITA,
      pin: '9999',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('invalid');
    expect(app.outcomes).toEqual([]);
  });

  test('a token endpoint outage reaches error() as IlsAuthError provider_unavailable, not an opaque message', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    sierra.controls.inject({ endpoint: 'sierra.token', status: 503 });
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(500);
    const [outcome] = app.outcomes;
    expect(outcome?.kind).toBe('error');
    expect(outcome?.error).toBeInstanceOf(IlsAuthError);
    expect(outcome?.error).toMatchObject({
      code: 'provider_unavailable',
      provider: 'sierra',
      retryable: true,
    });
    expect((outcome!.error as Error).message).not.toMatch(/Failed to obtain access token/);
    expect(seen.profile).toBeUndefined();
    expectNoSecrets(outcome, [
      PIM.pin,
      sierra.credentials.clientSecret,
      new URL(answer.location!).searchParams.get('code')!,
    ]);
  });

  test('a stopped provider reaches error() too', async () => {
    const down = await startSierra();
    const strategy = new SierraStrategy(
      { ...options(), baseUrl: down.url, ...down.credentials },
      async (_a, _r, profile) => profile,
    );
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    await down.close();
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(500);
    expect(app.outcomes[0]?.error).toMatchObject({ code: 'provider_unavailable' });
  });

  test('a refused client (invalid_client) reaches error() with the provider’s error kept', async () => {
    const strategy = new SierraStrategy(
      options({ clientSecret: 'not-the-right-secret' }),
      async (_a, _r, profile) => profile,
    );
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    await browser.request(answer.location!);
    expect(app.outcomes[0]?.error).toMatchObject({ code: 'invalid_client', provider: 'sierra' });
    expectNoSecrets(app.outcomes, ['not-the-right-secret']);
  });

  test('an expired code (60 s on Sierra) reaches error() as invalid_grant', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    sierra.controls.advance(61);
    await browser.request(answer.location!);
    expect(app.outcomes[0]).toMatchObject({ kind: 'error', error: { code: 'invalid_grant' } });
  });

  test('a declined sign-in (error=access_denied) is fail() with a message, 403', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const start = await browser.request(`${app.url}/auth/sierra`);
    const state = new URL(start.location!).searchParams.get('state')!;
    const before = sierra.controls.tokenRequests();
    const done = await browser.request(
      `${app.url}/auth/sierra/callback?error=access_denied&error_description=no%20thanks&state=${state}`,
    );
    expect(done.status).toBe(403);
    expect(JSON.parse(done.body)).toEqual({
      kind: 'fail',
      info: { message: 'the patron declined to sign in with sierra', code: 'access_denied' },
      status: 403,
    });
    expect(sierra.controls.tokenRequests()).toBe(before);
  });

  describe('state', () => {
    test('missing: fail 403 and no token request', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
      const url = new URL(answer.location!);
      url.searchParams.delete('state');
      const before = sierra.controls.tokenRequests();
      const done = await browser.request(url);
      expect(done.status).toBe(403);
      expect(JSON.parse(done.body).info.code).toBe('state_mismatch');
      expect(sierra.controls.tokenRequests()).toBe(before);
    });

    test('wrong: fail 403 and no token request', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
      const url = new URL(answer.location!);
      url.searchParams.set('state', 'A'.repeat(32));
      const before = sierra.controls.tokenRequests();
      const done = await browser.request(url);
      expect(done.status).toBe(403);
      expect(JSON.parse(done.body).info.code).toBe('state_mismatch');
      expect(sierra.controls.tokenRequests()).toBe(before);
    });

    test('hostile (control characters, 200 characters): fail 403 and no token request', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
      const before = sierra.controls.requests().length;
      for (const hostile of ['abc\r\nSet-Cookie: x=1\u0000', 'x'.repeat(200)]) {
        const url = new URL(answer.location!);
        url.searchParams.set('state', hostile);
        const done = await browser.request(url);
        expect(done.status).toBe(403);
      }
      expect(sierra.controls.requests().length).toBe(before);
    });

    test('the callback of another browser (CSRF / login fixation): fail 403', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const { answer } = await signInOnSierra(new Browser(), `${app.url}/auth/sierra`, PIM);
      const victim = new Browser();
      await victim.request(`${app.url}/auth/sierra`); // the victim has a sign-in of their own in progress
      const done = await victim.request(answer.location!);
      expect(done.status).toBe(403);
      expect(JSON.parse(done.body).info.code).toBe('state_mismatch');
    });

    test('replayed: the second visit of the same callback fails, without a token request', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
      expect((await browser.request(answer.location!)).status).toBe(200);
      const before = sierra.controls.tokenRequests();
      const again = await browser.request(answer.location!);
      expect(again.status).toBe(403);
      expect(JSON.parse(again.body).info.code).toBe('state_mismatch');
      expect(sierra.controls.tokenRequests()).toBe(before);
    });

    test('replayed with express-session: the transaction left the session at the first visit', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy, true);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
      expect((await browser.request(answer.location!)).status).toBe(200);
      const again = await browser.request(answer.location!);
      expect(again.status).toBe(403);
    });
  });

  test('Sierra’s second "?" in the callback (redirect URI with a query of its own) is read', async () => {
    const { strategy } = recordingStrategy({ callbackURL: '/auth/sierra/callback?from=sierra' });
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    expect(answer.location).toMatch(/\?from=sierra\?code=/);
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body).kind).toBe('success');
  });

  test('returnTo given to authenticate() comes back in req.authInfo; a foreign one becomes defaultReturnTo', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra?returnTo=/account/loans`, PIM);
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body).info.returnTo).toBe('/account/loans');

    // Core's rule, as ilsAuth() applies it: anything but a local path is replaced by `defaultReturnTo`.
    for (const hostile of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const hostileBrowser = new Browser();
      const started = await signInOnSierra(
        hostileBrowser,
        `${app.url}/auth/sierra?returnTo=${encodeURIComponent(hostile)}`,
        PIM,
      );
      const back = await hostileBrowser.request(started.answer.location!);
      expect(JSON.parse(back.body).info.returnTo).toBe('/');
    }
  });

  test('verify forms: done with info, done with false, a thrown error, a rejected promise', async () => {
    const results: Array<[string, Parameters<VerifyCallback> | Error]> = [
      ['info', [null, { id: 'x' }, { message: 'hello' }]],
      ['refused', [null, false, { message: 'not in this library' }]],
      ['error', [new Error('database down')]],
    ];
    for (const [label, result] of results) {
      const name = `sierra-${label}`;
      const strategy = new SierraStrategy(
        options({ name, callbackURL: `/auth/${name}/callback` }),
        (_a, _r, _p, done) => done(...(result as Parameters<VerifyCallback>)),
      );
      const app = await startTestApp({ strategies: [strategy] });
      apps.push(app);
      const browser = new Browser();
      const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra-${label}`, PIM);
      const done = await browser.request(answer.location!);
      const outcome = JSON.parse(done.body);
      if (label === 'info') expect(outcome).toMatchObject({ kind: 'success', info: { message: 'hello' } });
      if (label === 'refused')
        expect(outcome).toEqual({ kind: 'fail', info: { message: 'not in this library' } });
      if (label === 'error') expect(app.outcomes[0]?.error).toEqual(new Error('database down'));
    }

    const rejecting = new SierraStrategy(
      options({ name: 'sierra-rejects', callbackURL: '/auth/sierra-rejects/callback' }),
      async () => {
        throw new Error('lookup failed');
      },
    );
    const app = await appWith(rejecting);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra-rejects`, PIM);
    await browser.request(answer.location!);
    expect(app.outcomes[0]?.error).toEqual(new Error('lookup failed'));
  });

  test('a refused patron’s core session is ended (no tokens left behind)', async () => {
    let session: PatronSession | undefined;
    const strategy = new SierraStrategy(
      options(),
      async (_a: string, _r: string | undefined, params: TokenParams, _profile: PatronProfile) => {
        session = params.patronSession;
        return false;
      },
    );
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(401);
    expect(session?.id).toBeDefined();
    await expect.poll(() => strategy.auth.getSession(session!.id)).toBeUndefined();
  });

  test('passReqToCallback with params: (req, accessToken, refreshToken, params, profile, done)', async () => {
    const strategy = new SierraStrategy(
      { ...options(), passReqToCallback: true },
      (
        req: StrategyRequest,
        _accessToken: string,
        refreshToken: string | undefined,
        params: TokenParams,
        profile: PatronProfile,
        done: VerifyCallback,
      ) => {
        done(null, {
          id: profile.id,
          path: req.originalUrl?.split('?')[0],
          refreshToken: refreshToken ?? null,
          tokenType: params.token_type,
          sessionProvider: params.patronSession.provider,
        });
      },
    );
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnSierra(browser, `${app.url}/auth/sierra`, PIM);
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body).user).toEqual({
      id: '1000002',
      path: '/auth/sierra/callback',
      refreshToken: null,
      tokenType: 'bearer',
      sessionProvider: 'sierra',
    });
  });
});
