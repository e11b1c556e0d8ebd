import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { sierra } from '../../providers/sierra.js';
import { attachCookies } from '../error-cookies.js';
import {
  cookieHeader,
  ENGINE_TEST_SECRET,
  ENGINE_TEST_SITE,
  finishSignIn,
  getRequest,
  loadedRequest,
  outcomeOf,
  postRequest,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import { patronFetch } from './patron-fetch.js';
import { signOut } from './sign-out.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const sameSite = { origin: ENGINE_TEST_SITE };
let server: SierraEmulator;
let engine: IlsAuthEngine;

beforeAll(async () => {
  server = await startSierra();
  const catalogue = sierra({ baseUrl: server.url, ...server.credentials });
  engine = new IlsAuthEngine(
    {
      secret: ENGINE_TEST_SECRET,
      providers: { card: { provider: catalogue, signIn: 'pin' }, sierra: catalogue },
    },
    { owner: 'test' },
  );
});
afterAll(() => server.close());

/** A browser signed in to `card`: the `Cookie` header it sends afterwards. */
async function signedInBrowser(): Promise<Record<string, string>> {
  const form = postRequest('/auth/card/login', sameSite);
  const cookies = await finishSignIn(engine, form, await engine.verifyPinSignIn(form, 'card', RITA));
  return cookieHeader(cookies.at(-1)!);
}

describe("a request's sessions (EngineRequest)", () => {
  it('loads once; an entry whose session is over is reported ended and leaves the cookie, written once', async () => {
    const browser = await signedInBrowser();
    const withDead = { cookie: `${browser.cookie}~sierra.${'x'.repeat(43)}` };
    const state = await loadedRequest(engine, getRequest('/', withDead));
    expect(state.patron?.provider).toBe('card');
    expect(Object.keys(state.patrons)).toEqual(['card']);
    const [dropped] = state.takeCookies();
    expect(dropped?.value).toBe(browser.cookie!.split('=')[1]);
    expect(state.takeCookies()).toEqual([]);
    expect(JSON.stringify(state)).not.toContain(state.patron!.sessionId!);
  });

  it('patronFetch calls the provider as the patron, and is session_expired (401) with nobody signed in', async () => {
    const state = await loadedRequest(engine, getRequest('/', await signedInBrowser()));
    const answer = await patronFetch(state, `patrons/${state.patron!.patronId}`);
    expect(answer.status).toBe(200);
    const nobody = engine.request(getRequest('/'), undefined);
    await expect(patronFetch(nobody, 'patrons/1000001')).rejects.toMatchObject({
      code: 'session_expired',
      status: 401,
    });
  });

  it('signs out everywhere: the same patron in another browser is signed out too', async () => {
    const [here, there] = [await signedInBrowser(), await signedInBrowser()];
    const out = await signOut(
      engine.request(postRequest('/auth/logout', { ...here, ...sameSite }), undefined),
      {
        everywhere: true,
      },
    );
    expect(out).toMatchObject({ status: 303, location: '/' });
    const elsewhere = await loadedRequest(engine, getRequest('/', there));
    expect(elsewhere.patron).toBeUndefined();
    expect(elsewhere.ended).toEqual(['card']);
  });

  it('a sign-out naming an unknown provider is unknown_provider, and a cross-site one is refused', async () => {
    const browser = await signedInBrowser();
    const request = engine.request(postRequest('/auth/x/logout', { ...browser, ...sameSite }), undefined);
    expect(await outcomeOf(signOut(request, { provider: 'nope' }))).toBe('unknown_provider');
    const crossSite = engine.request(
      postRequest('/auth/logout', { ...browser, origin: 'https://evil.example' }),
      undefined,
    );
    expect(await outcomeOf(signOut(crossSite))).toBe('cross_site_request');
    expect((await loadedRequest(engine, getRequest('/', browser))).patron).toBeDefined();
  });
});

describe('the steps of a sign-in route (signInStep) and the error answer', () => {
  it('PIN: verifies the posted form; code flow: starts anywhere but the callback, verifies there', async () => {
    const pin = await engine.signInStep(postRequest('/auth/card/login', sameSite), 'card', {
      ownCallbackPath: '/auth/card/callback',
      form: RITA,
    });
    expect(pin.signedIn?.session.patronId).toBeDefined();
    const start = await engine.signInStep(getRequest('/auth/sierra/login?returnTo=/loans'), 'sierra', {
      ownCallbackPath: '/auth/sierra/callback',
    });
    expect(start.redirect).toMatchObject({ status: 302 });
    expect(new URL(start.redirect!.location).searchParams.get('redirect_uri')).toBe(
      `${ENGINE_TEST_SITE}/auth/sierra/callback`,
    );
    const callback = engine.signInStep(getRequest('/auth/sierra/callback?code=c&state=s'), 'sierra', {
      ownCallbackPath: '/auth/sierra/callback',
    });
    expect(await outcomeOf(callback)).toBe('state_mismatch');
  });

  it('a PIN form without a PIN is invalid_input (400) before the provider sees the card', async () => {
    const before = server.controls.requests().length;
    const refused = await engine
      .verifyPinSignIn(postRequest('/auth/card/login', sameSite), 'card', { barcode: RITA.barcode, pin: '' })
      .catch((error: IlsAuthError) => error);
    expect(refused).toMatchObject({ code: 'invalid_input', status: 400 });
    expect(server.controls.requests().length).toBe(before);
  });

  it('answers an error with its status, no-store, Retry-After on a 429/503, the cookies it carries; anything else is a bare 500', () => {
    const limited = attachCookies(
      new IlsAuthError('rate_limited', 'too many attempts', { retryAfter: 12.2 }),
      [
        {
          name: 'ils_tx_rero',
          value: '',
          path: '/',
          maxAgeSeconds: 0,
          httpOnly: true,
          sameSite: 'Lax',
          secure: false,
        },
      ],
    );
    expect(engine.errorAnswer(limited)).toMatchObject({
      status: 429,
      code: 'rate_limited',
      headers: { 'cache-control': 'no-store', 'retry-after': '13' },
      cookies: [{ name: 'ils_tx_rero', maxAgeSeconds: 0 }],
    });
    const crash = engine.errorAnswer(new Error('database password is hunter2'));
    expect(crash).toMatchObject({ status: 500, code: 'internal_error', message: 'internal server error' });
    expect(JSON.stringify(crash)).not.toContain('hunter2');
  });
});
