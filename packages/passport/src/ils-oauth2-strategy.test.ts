import { oauth2, type PatronProfile } from '@ils-auth/core';
import type { TokenEndpointAuthMethod } from '@ils-auth/core/extend';
import { type ReroEmulator, startRero } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { IlsOAuth2Strategy, type IlsOAuth2StrategyOptions } from './index.js';
import { COOKIE_SECRET, expectNoSecrets, signInOnRero } from './testing/flows.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

const ANNA = { email: 'anna.muster@example.ch', password: 'Fribourg-2024' };

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

/** RERO described as any OAuth 2.0 server: client credentials in the form body (`post`). */
function library(tokenEndpointAuth: TokenEndpointAuthMethod = 'post') {
  return oauth2({
    id: 'library',
    displayName: 'Our library',
    authorizationUrl: rero.authorizeUrl,
    tokenUrl: rero.tokenUrl,
    userinfoUrl: rero.patronInfoUrl,
    clientId: rero.credentials.clientId,
    clientSecret: rero.credentials.clientSecret,
    tokenEndpointAuth,
    scopes: ['fullname', 'birthdate'],
  });
}

function options(extra: Partial<IlsOAuth2StrategyOptions> = {}): IlsOAuth2StrategyOptions {
  return { provider: library(), callbackURL: '/auth/library/callback', secret: COOKIE_SECRET, ...extra };
}

async function appWith(strategy: IlsOAuth2Strategy, session = false) {
  const app = await startTestApp({ strategies: [strategy], session });
  apps.push(app);
  return app;
}

describe('IlsOAuth2Strategy: any OAuth 2.0 server, here the RERO emulator through oauth2()', () => {
  test.each([false, true])(
    'success (express-session: %s): PKCE, refresh token, userinfo profile',
    async (session) => {
      const seen: { accessToken?: string; refreshToken?: string; profile?: PatronProfile } = {};
      const strategy = new IlsOAuth2Strategy(options(), async (accessToken, refreshToken, profile) => {
        Object.assign(seen, { accessToken, refreshToken, profile });
        return { id: profile.id, name: profile.name };
      });
      expect(strategy.name).toBe('library');
      const app = await appWith(strategy, session);
      const browser = new Browser();
      const { start, answer } = await signInOnRero(browser, `${app.url}/auth/library`, ANNA);
      const authorize = new URL(start.location!);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('scope')).toBe('fullname birthdate');

      const done = await browser.request(answer.location!);
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body)).toMatchObject({
        kind: 'success',
        user: { id: '22', name: 'Muster, Anna' },
      });
      expect(seen.refreshToken).toMatch(/\S{16,}/);
      expect(seen.profile).toMatchObject({
        provider: 'library',
        id: '22',
        name: 'Muster, Anna',
        birthdate: '1992-11-05',
      });
      expectNoSecrets(
        [app.outcomes, done.body],
        [seen.accessToken, seen.refreshToken, rero.credentials.clientSecret, ANNA.password],
      );
    },
  );

  test('a server that wants the client in the body refuses Basic: error() with the token endpoint’s error', async () => {
    const strategy = new IlsOAuth2Strategy(options({ provider: library('basic') }), async (_a, _r, p) => p);
    const app = await appWith(strategy);
    const browser = new Browser();
    const { answer } = await signInOnRero(browser, `${app.url}/auth/library`, ANNA);
    const done = await browser.request(answer.location!);
    expect(done.status).toBe(500);
    const error = app.outcomes[0]?.error as { name: string; code: string; message: string };
    // RERO answers 404 to a token request without client_id in the form, whatever the header says.
    expect(error).toMatchObject({
      name: 'IlsAuthError',
      code: 'provider_error',
      status: 404,
      provider: 'library',
    });
    expect(error.message).not.toMatch(/Failed to obtain access token/);
    expectNoSecrets(app.outcomes, [rero.credentials.clientSecret]);
  });

  test('consent denied, expired code, outage, replayed state', async () => {
    const strategy = new IlsOAuth2Strategy(options(), async (_a, _r, profile) => ({ id: profile.id }));
    const app = await appWith(strategy);

    const denied = new Browser();
    const refused = await signInOnRero(denied, `${app.url}/auth/library`, ANNA, 'no');
    const deniedAnswer = await denied.request(refused.answer.location!);
    expect(deniedAnswer.status).toBe(403);
    expect(JSON.parse(deniedAnswer.body).info.code).toBe('access_denied');

    const late = new Browser();
    const slow = await signInOnRero(late, `${app.url}/auth/library`, ANNA);
    rero.controls.advance(31);
    expect((await late.request(slow.answer.location!)).status).toBe(500);
    expect(app.outcomes.at(-1)?.error).toMatchObject({ code: 'invalid_grant' });

    const unlucky = new Browser();
    const outage = await signInOnRero(unlucky, `${app.url}/auth/library`, ANNA);
    rero.controls.inject({ endpoint: 'rero.token', status: 503 });
    expect((await unlucky.request(outage.answer.location!)).status).toBe(500);
    expect(app.outcomes.at(-1)?.error).toMatchObject({ code: 'provider_unavailable' });

    const twice = new Browser();
    const ok = await signInOnRero(twice, `${app.url}/auth/library`, ANNA);
    expect((await twice.request(ok.answer.location!)).status).toBe(200);
    const replay = await twice.request(ok.answer.location!);
    expect(replay.status).toBe(403);
    expect(JSON.parse(replay.body).info.code).toBe('state_mismatch');
  });

  test('authorizationParams() of a subclass reaches the authorization URL (passport-oauth2’s hook)', async () => {
    class PromptingStrategy extends IlsOAuth2Strategy {
      override authorizationParams(authenticateOptions: Record<string, unknown>): Record<string, string> {
        return { prompt: 'login', ui_locales: String(authenticateOptions.locale ?? 'fr') };
      }
    }
    const strategy = new PromptingStrategy(options(), async (_a, _r, profile) => profile);
    const app = await appWith(strategy);
    const start = await new Browser().request(`${app.url}/auth/library`);
    const url = new URL(start.location!);
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('ui_locales')).toBe('fr');
    // The protocol's own parameters cannot be overridden by the hook.
    expect(url.searchParams.get('response_type')).toBe('code');
  });
});
