import { type AuthorizationTransaction, IlsAuthError, type PatronProfile } from '@ils-auth/core';
import { PENDING_TRANSACTION_LIMIT } from '@ils-auth/core/web';
import { type ReroEmulator, startRero } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  ReroStrategy,
  type ReroStrategyOptions,
  type TokenParams,
  type TransactionContext,
} from './index.js';
import { COOKIE_SECRET, expectNoSecrets, signInOnRero } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };

let rero: ReroEmulator;
const apps: TestApp[] = [];

beforeAll(async () => {
  rero = await startRero();
});
afterAll(() => rero.close());
afterEach(async () => {
  rero.controls.clearFaults();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function options(extra: Partial<ReroStrategyOptions> = {}): ReroStrategyOptions {
  return {
    baseUrl: rero.url,
    ...rero.credentials,
    callbackURL: '/auth/rero/callback',
    secret: COOKIE_SECRET,
    ...extra,
  };
}

interface Seen {
  accessToken?: string;
  refreshToken?: string;
  params?: TokenParams;
  profile?: PatronProfile;
}

/** The params form as an async verify: records its arguments, signs in `{ id, name, session }`. */
function recordingStrategy(extra: Partial<ReroStrategyOptions> = {}) {
  const seen: Seen = {};
  const strategy = new ReroStrategy(
    options(extra),
    async (
      accessToken: string,
      refreshToken: string | undefined,
      params: TokenParams,
      profile: PatronProfile,
    ) => {
      Object.assign(seen, { accessToken, refreshToken, params, profile });
      return { id: profile.id, name: profile.name, session: params.patronSession.id };
    },
  );
  return { strategy, seen };
}

async function appWith(strategy: ReroStrategy, session = false): Promise<TestApp> {
  const app = await startTestApp({ strategies: [strategy], session });
  apps.push(app);
  return app;
}

describe('ReroStrategy: code flow with PKCE, state and refresh tokens', () => {
  test('success without express-session: PKCE S256, the refresh token reaches the verify, profile from /api/patrons/info', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { start, answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);

    const authorize = new URL(start.location!);
    expect(authorize.origin + authorize.pathname).toBe(rero.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(authorize.searchParams.get('scope')).toBe(
      'fullname birthdate institution expiration_date patron_type',
    );
    // The verifier is nowhere the browser can read it: only in the sealed cookie.
    const cookie = browser.cookie('127.0.0.1', 'ils_tx_rero');
    expect(cookie?.path).toBe('/auth/rero/callback');
    expect(cookie?.attributes).toMatch(/HttpOnly/);
    expect(cookie?.attributes).toMatch(/SameSite=Lax/);
    expect(cookie?.attributes).toMatch(/Max-Age=600/);
    expect(cookie?.attributes).not.toMatch(/Secure/);
    expect(Buffer.from(cookie!.value, 'base64url').toString('latin1')).not.toContain(
      authorize.searchParams.get('state')!,
    );

    const done = await browser.request(answer.location!);
    expect(done.status).toBe(200);
    const outcome = JSON.parse(done.body);
    expect(outcome.kind).toBe('success');
    expect(seen.accessToken).toMatch(/\S{16,}/);
    expect(seen.refreshToken).toMatch(/\S{16,}/);
    expect(seen.refreshToken).not.toBe(seen.accessToken);
    expect(seen.params).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { id: '21' } });
    expect(seen.params).not.toHaveProperty('access_token');
    expect(seen.params).not.toHaveProperty('refresh_token');
    expect(seen.profile).toMatchObject({
      provider: 'rero',
      id: '21',
      barcode: '2050124311',
      name: 'Simon, Jean',
      birthdate: '2000-01-01',
    });
    expect(seen.profile?.institutions?.map((institution) => institution.code).sort()).toEqual(['FR', 'VS']);

    // The session holds the tokens: the app can refresh (RERO rotates) and call the API as the patron.
    const sessionId = seen.params!.patronSession.id;
    expect(outcome.user.session).toBe(sessionId); // the app chose to keep the id in its user
    const refreshed = await strategy.auth.refresh(sessionId);
    expect(refreshed.refreshable).toBe(true);
    const info = await strategy.auth.fetch(sessionId, '/api/patrons/info');
    expect(info.status).toBe(200);

    const recorded = app.outcomes[0];
    expectNoSecrets(
      [recorded?.info, outcome.info, seen.params, seen.profile],
      [JEAN.password, rero.credentials.clientSecret, seen.accessToken, seen.refreshToken, sessionId],
    );
  });

  test('success with express-session and the done form (accessToken, refreshToken, profile, done)', async () => {
    let refreshToken: string | undefined;
    const strategy = new ReroStrategy(options(), (_accessToken, rt, profile, done) => {
      refreshToken = rt;
      done(null, { id: profile.id });
    });
    const app = await appWith(strategy, true);
    const browser = new Browser();
    const { start, answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    expect(start.setCookies.join()).not.toContain('ils_tx_');
    const done = await browser.request(answer.location!);
    expect(JSON.parse(done.body)).toMatchObject({ kind: 'success', user: { id: '21' } });
    expect(refreshToken).toMatch(/\S{16,}/);
  });

  test('two sign-ins in flight in one session (two tabs) both complete', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy, true);
    const browser = new Browser();
    const first = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    const second = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    expect(JSON.parse((await browser.request(first.answer.location!)).body).kind).toBe('success');
    expect(JSON.parse((await browser.request(second.answer.location!)).body).kind).toBe('success');
  });

  test('consent denied: fail 403 with a message, no token request', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN, 'no');
    expect(new URL(answer.location!).searchParams.get('error')).toBe('access_denied');
    const before = rero.controls.tokenRequests();
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(403);
    expect(JSON.parse(done.body)).toEqual({
      kind: 'fail',
      info: { message: 'the patron declined to sign in with rero', code: 'access_denied' },
      status: 403,
    });
    expect(rero.controls.tokenRequests()).toBe(before);
  });

  test('an expired code (RERO: 30 s) reaches error() as IlsAuthError invalid_grant', async () => {
    const { strategy, seen } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    rero.controls.advance(31);
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(500);
    const error = app.outcomes[0]?.error;
    expect(error).toBeInstanceOf(IlsAuthError);
    expect(error).toMatchObject({
      code: 'invalid_grant',
      provider: 'rero',
      providerError: { error: 'invalid_grant' },
    });
    expect(seen.profile).toBeUndefined();
    expectNoSecrets(app.outcomes, [
      new URL(answer.location!).searchParams.get('code')!,
      rero.credentials.clientSecret,
    ]);
  });

  test.each([
    ['503', 'provider_unavailable', { status: 503 }],
    ['429 with Retry-After', 'rate_limited', { status: 429, retryAfter: 7 }],
    [
      'an HTML page',
      'malformed_response',
      { status: 200, body: '<html>maintenance</html>', contentType: 'text/html' },
    ],
  ])('token endpoint answers %s: error() with code %s', async (_label, code, fault) => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    rero.controls.inject({ endpoint: 'rero.token', ...fault });
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(500);
    expect(app.outcomes[0]?.error).toMatchObject({ name: 'IlsAuthError', code });
  });

  test('the patron-info endpoint down after the exchange: error() provider_unavailable', async () => {
    const { strategy } = recordingStrategy();
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    rero.controls.inject({ endpoint: 'rero.patrons.info', status: 503 });
    await browser.request(answer.location!);
    expect(app.outcomes[0]?.error).toMatchObject({ code: 'provider_unavailable' });
  });

  test('a stopped provider at the start: the redirect still works, the callback reaches error()', async () => {
    const down = await startRero();
    const strategy = new ReroStrategy(
      { ...options(), baseUrl: down.url, ...down.credentials },
      async (_a, _r, profile) => profile,
    );
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    await down.close();
    await browser.request(answer.location!);
    expect(app.outcomes[0]?.error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  describe('state and transaction cookie', () => {
    test('missing, wrong or replayed state: fail 403 without a token request', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
      const callback = new URL(answer.location!);
      const before = rero.controls.tokenRequests();

      const noState = new URL(callback);
      noState.searchParams.delete('state');
      const wrongState = new URL(callback);
      wrongState.searchParams.set('state', 'B'.repeat(32));
      for (const url of [noState, wrongState]) {
        // Each attempt clears the cookie: put the sealed transaction back as a stale tab would.
        const again = new Browser();
        const sealed = browser.cookie('127.0.0.1', 'ils_tx_rero')!.value;
        again.setCookie('127.0.0.1', 'ils_tx_rero', sealed, '/auth/rero/callback');
        const done = await again.request(url);
        expect(done.status).toBe(403);
        expect(JSON.parse(done.body).info.code).toBe('state_mismatch');
      }
      expect(rero.controls.tokenRequests()).toBe(before);

      expect((await browser.request(callback)).status).toBe(200);
      const replay = await browser.request(callback);
      expect(replay.status).toBe(403);
      expect(JSON.parse(replay.body).info).toEqual({
        message: 'Unable to verify authorization request state.',
        code: 'state_mismatch',
      });
      expect(rero.controls.tokenRequests()).toBe(before + 1); // the one code exchange
    });

    test('a replay that re-sends the old cookie is refused before any provider call (single use in the store)', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
      const sealed = browser.cookie('127.0.0.1', 'ils_tx_rero')!.value;
      expect((await browser.request(answer.location!)).status).toBe(200);
      const before = rero.controls.tokenRequests();
      const attacker = new Browser();
      attacker.setCookie('127.0.0.1', 'ils_tx_rero', sealed, '/auth/rero/callback');
      const replay = await attacker.request(answer.location!);
      expect(replay.status).toBe(403);
      expect(JSON.parse(replay.body).info.code).toBe('state_mismatch');
      expect(rero.controls.tokenRequests()).toBe(before);
    });

    test('a tampered, foreign or expired transaction cookie: fail 403', async () => {
      const { strategy } = recordingStrategy();
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
      const sealed = browser.cookie('127.0.0.1', 'ils_tx_rero')!.value;
      const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
      const tampered = new Browser();
      tampered.setCookie('127.0.0.1', 'ils_tx_rero', flipped, '/auth/rero/callback');
      expect((await tampered.request(answer.location!)).status).toBe(403);

      // Sealed with another secret (another app on the same host): does not open.
      const other = recordingStrategy({ secret: 'another-secret-of-32-characters!!' });
      const otherApp = await appWith(other.strategy);
      const otherBrowser = new Browser();
      await otherBrowser.request(`${otherApp.url}/auth/rero`);
      const foreign = new Browser();
      foreign.setCookie(
        '127.0.0.1',
        'ils_tx_rero',
        otherBrowser.cookie('127.0.0.1', 'ils_tx_rero')!.value,
        '/auth/rero/callback',
      );
      expect((await foreign.request(answer.location!)).status).toBe(403);
    });

    test('the cookie expires with the transaction (10 minutes by default)', async () => {
      let now = Date.now();
      const { strategy } = recordingStrategy({ clientOptions: { clock: () => now } });
      const app = await appWith(strategy);
      const browser = new Browser();
      const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
      now += 601_000;
      const done = await browser.request(answer.location!);
      expect(done.status).toBe(403);
      expect(JSON.parse(done.body).info.code).toBe('state_mismatch');
    });

    test('secureCookies as in ilsAuth(): true gives a Secure, __Secure- prefixed cookie; auto follows the request', async () => {
      const callbackURL = 'https://app.example/auth/rero/callback';
      const secure = await appWith(recordingStrategy({ callbackURL, secureCookies: true }).strategy);
      const start = await new Browser().request(`${secure.url}/auth/rero`);
      expect(start.setCookies.join()).toMatch(
        /^__Secure-ils_tx_rero=[\w-]+; Path=\/auth\/rero\/callback; HttpOnly; SameSite=Lax; Secure; Max-Age=600$/,
      );
      expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe(callbackURL);
      // 'auto' (the default): this request came over plain http, whatever the callback URL says.
      const auto = await appWith(recordingStrategy({ callbackURL }).strategy);
      const plain = await new Browser().request(`${auto.url}/auth/rero`);
      expect(plain.setCookies.join()).toMatch(
        /^ils_tx_rero=[\w-]+; Path=\/auth\/rero\/callback; HttpOnly; SameSite=Lax; Max-Age=600$/,
      );
    });

    test('a relative callbackURL honours X-Forwarded-* only when the app trusts its proxy and the host is allowed', async () => {
      const { strategy } = recordingStrategy({ allowedHosts: ['catalogue.example'] });
      const trusting = await startTestApp({ strategies: [strategy], trustProxy: true });
      apps.push(trusting);
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'catalogue.example' };
      const viaProxy = await fetch(`${trusting.url}/auth/rero`, { headers, redirect: 'manual' });
      expect(new URL(viaProxy.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
        'https://catalogue.example/auth/rero/callback',
      );
      const plain = await appWith(recordingStrategy().strategy);
      const direct = await fetch(`${plain.url}/auth/rero`, { headers, redirect: 'manual' });
      expect(new URL(direct.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
        `${plain.url}/auth/rero/callback`,
      );
      // A forwarded host that the app was not told about never reaches a redirect URI.
      const unconfigured = await startTestApp({
        strategies: [recordingStrategy().strategy],
        trustProxy: true,
      });
      apps.push(unconfigured);
      const refused = await fetch(`${unconfigured.url}/auth/rero`, { headers, redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
    });

    test("X-Forwarded-* from a peer Express's trust proxy does not trust is not believed", async () => {
      // The test client connects from 127.0.0.1; the app trusts only a proxy at 10.0.0.1 (a truthy setting).
      const { strategy } = recordingStrategy({ allowedHosts: 'any' });
      const app = await startTestApp({ strategies: [strategy], trustProxy: '10.0.0.1' });
      apps.push(app);
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
      const answer = await fetch(`${app.url}/auth/rero`, { headers, redirect: 'manual' });
      expect(new URL(answer.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
        `${app.url}/auth/rero/callback`,
      );
      expect(answer.headers.getSetCookie().join()).not.toMatch(/Secure/);
    });
  });

  test('the app’s own fetch option still carries every request (the strategy only observes through it)', async () => {
    const seenUrls: string[] = [];
    const { strategy, seen } = recordingStrategy({
      clientOptions: {
        fetch: (input, init) => {
          seenUrls.push(new URL(String(input)).pathname);
          return fetch(input, init);
        },
      },
    });
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/rero`, JEAN);
    await browser.request(answer.location!);
    expect(seen.refreshToken).toMatch(/\S{16,}/);
    expect(seenUrls).toEqual(['/oauth/token', '/api/patrons/info']);
  });

  test('scope from the strategy or from authenticate() options', async () => {
    const { strategy } = recordingStrategy({ scope: 'fullname institution' });
    const app = await appWith(strategy);
    const start = await new Browser().request(`${app.url}/auth/rero`);
    expect(new URL(start.location!).searchParams.get('scope')).toBe('fullname institution');
  });
});

// Where the code flow's transaction waits: core's holders behind `transactionStore`, and what the engine
// checks in per-call scopes and `authorizationParams()`.
describe('transaction stores over core holders', () => {
  test(`express-session holds at most ${PENDING_TRANSACTION_LIMIT} sign-ins in flight: the oldest tab fails 403 before RERO, the newest signs in`, async () => {
    const app = await appWith(recordingStrategy().strategy, true);
    const browser = new Browser();
    const tabs = [];
    for (let i = 0; i < PENDING_TRANSACTION_LIMIT + 1; i++)
      tabs.push((await signInOnRero(browser, `${app.url}/auth/rero`, JEAN)).answer.location!);
    // No transaction cookie: the session holds them.
    expect(browser.cookie('127.0.0.1', 'ils_tx_rero')).toBeUndefined();
    const before = rero.controls.tokenRequests();
    const oldest = await browser.request(tabs[0]!);
    expect(oldest.status).toBe(403);
    expect(JSON.parse(oldest.body).info.code).toBe('state_mismatch');
    expect(rero.controls.tokenRequests()).toBe(before);
    expect(JSON.parse((await browser.request(tabs.at(-1)!)).body).kind).toBe('success');
  });

  test("an application's own store keeps the transaction and is told the sign-in's context", async () => {
    const kept = new Map<string, AuthorizationTransaction>();
    const contexts: TransactionContext[] = [];
    const transactionStore = {
      async save(_req: unknown, transaction: AuthorizationTransaction, context: TransactionContext) {
        contexts.push(context);
        kept.set(transaction.state, transaction);
      },
      async take(_req: unknown, context: TransactionContext) {
        contexts.push(context);
        const transaction = context.state === undefined ? undefined : kept.get(context.state);
        if (context.state !== undefined) kept.delete(context.state);
        return transaction;
      },
    };
    const app = await appWith(
      recordingStrategy({ transactionStore, name: 'library', callbackURL: '/auth/library/callback' })
        .strategy,
    );
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/library`, JEAN);
    expect(browser.cookie('127.0.0.1', 'ils_tx_library')).toBeUndefined();
    expect(JSON.parse((await browser.request(answer.location!)).body).kind).toBe('success');
    const state = new URL(answer.location!).searchParams.get('state');
    const common = { strategy: 'library', provider: 'rero', maxAgeSeconds: 600, secure: false };
    const redirectUri = `${app.url}/auth/library/callback`;
    expect(contexts).toEqual([
      expect.objectContaining({ ...common, redirectUri, callbackPath: '/auth/library/callback' }),
      expect.objectContaining({ ...common, redirectUri, callbackPath: '/auth/library/callback', state }),
    ]);
    expect(kept.size).toBe(0);
    // The callback again: the store has nothing, passport-oauth2's answer.
    const again = await browser.request(answer.location!);
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body).info).toEqual({
      message: 'Unable to verify authorization request state.',
      code: 'state_mismatch',
    });
  });

  test('scope from authenticate() options reaches RERO per sign-in', async () => {
    const app = await appWith(recordingStrategy({ scope: 'fullname' }).strategy);
    const start = await new Browser().request(
      `${app.url}/auth/rero?scope=${encodeURIComponent('fullname birthdate')}`,
    );
    expect(new URL(start.location!).searchParams.get('scope')).toBe('fullname birthdate');
  });

  test("authorizationParams() cannot set the protocol's own parameters: error() with config_invalid, no redirect", async () => {
    class StateFixingStrategy extends ReroStrategy {
      override authorizationParams(): Record<string, string> {
        return { state: 'chosen-by-the-hook', prompt: 'login' };
      }
    }
    const strategy = new StateFixingStrategy(options(), async (_accessToken, _refreshToken, profile) => ({
      id: profile.id,
    }));
    const app = await appWith(strategy);
    const start = await new Browser().request(`${app.url}/auth/rero`);
    expect(start.status).toBe(500);
    expect(start.location).toBeUndefined();
    const [outcome] = app.outcomes;
    expect(outcome?.kind).toBe('error');
    expect(outcome?.error).toMatchObject({ code: 'config_invalid' });
    const message = String((outcome?.error as Error | undefined)?.message);
    expect(message).toContain('params.state');
    expect(message).not.toContain('chosen-by-the-hook');
  });
});
