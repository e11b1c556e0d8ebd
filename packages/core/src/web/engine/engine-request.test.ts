import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { sierra } from '../../providers/sierra.js';
import { attachCookies } from '../error-cookies.js';
import { isPageRequest, wantsJson } from '../negotiation.js';
import {
  cookieHeader,
  ENGINE_TEST_SECRET,
  ENGINE_TEST_SITE,
  finishSignIn,
  getRequest,
  loadedRequest,
  outcomeOf,
  signedInBrowser as pinSignedInBrowser,
  postRequest,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import { patronFetch } from './patron-fetch.js';
import { signInAgain, signInAgainLocation } from './sign-in-again.js';
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
      providers: {
        card: { provider: catalogue, signIn: 'pin' },
        sierra: catalogue,
        second: { provider: catalogue, signIn: 'pin' },
      },
    },
    { owner: 'test' },
  );
});
afterAll(() => server.close());

/** A browser signed in to `card`: the `Cookie` header it sends afterwards. */
function signedInBrowser(): Promise<Record<string, string>> {
  return pinSignedInBrowser(engine, 'card', RITA);
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

  it("a sign-out route's form: returnTo and everywhere (a checkbox) from the form, else from the URL", async () => {
    const [here, there] = [await signedInBrowser(), await signedInBrowser()];
    const fromForm = engine.request(
      postRequest('/auth/logout?returnTo=/url', { ...here, ...sameSite }),
      undefined,
    );
    const out = await signOut(fromForm, { form: { returnTo: '/form', everywhere: 'on' } });
    expect(out.location).toBe('/form');
    expect((await loadedRequest(engine, getRequest('/', there))).patron).toBeUndefined();

    const [mine, theirs] = [await signedInBrowser(), await signedInBrowser()];
    const fromUrl = postRequest('/auth/logout?returnTo=/url&everywhere=no', { ...mine, ...sameSite });
    expect((await signOut(engine.request(fromUrl, undefined), { form: {} })).location).toBe('/url');
    expect((await loadedRequest(engine, getRequest('/', theirs))).patron).toBeDefined();
    const offSite = postRequest('/auth/logout?returnTo=//evil.example', { ...theirs, ...sameSite });
    expect((await signOut(engine.request(offSite, undefined), { form: {} })).location).toBe('/');
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

const expired = () =>
  new IlsAuthError('session_expired', 'the session is over', { reauthRequired: true, status: 401 });

/** A browser (`headers`: its cookie so far) signed in to the PIN provider `name`. */
async function signIn(name: string, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const form = postRequest(`/auth/${name}/login`, { ...sameSite, ...headers });
  const cookies = await finishSignIn(engine, form, await engine.verifyPinSignIn(form, name, RITA));
  return cookieHeader(cookies.at(-1)!);
}

describe('signInAgain: a page whose session an error ended', () => {
  it("ends the patron's session in the store and sends the page to its provider's sign-in and back", async () => {
    const browser = await signIn('card');
    const state = await loadedRequest(engine, getRequest('/account', browser));
    const sessionId = state.patron!.sessionId!;
    const redirect = await signInAgain(state, expired(), '/mount/auth', '/account?tab=loans');
    expect(redirect).toMatchObject({
      status: 302,
      location: '/mount/auth/card/login?returnTo=%2Faccount%3Ftab%3Dloans',
      headers: { 'cache-control': 'no-store' },
    });
    expect(redirect!.cookies).toHaveLength(1);
    expect(redirect!.cookies[0]).toMatchObject({ maxAgeSeconds: 0 });
    expect(await engine.provider('card').auth.getSession(sessionId)).toBeUndefined();
    expect((await loadedRequest(engine, getRequest('/', browser))).patron).toBeUndefined();
  });

  it('goes to the provider whose session ended during the request, and keeps the others', async () => {
    const card = await signIn('card');
    const both = await signIn('second', card);
    const secondEntry = both.cookie!.split('~').find((entry) => entry.includes('second.'))!;
    const state = await loadedRequest(engine, getRequest('/', both));
    expect(Object.keys(state.patrons)).toEqual(['card', 'second']);
    state.sessionEnded('second');
    const redirect = await signInAgain(state, expired(), '/auth', '/');
    expect(redirect?.location).toBe('/auth/second/login?returnTo=%2F');
    const kept = redirect!.cookies[0]!.value;
    expect(kept).toContain('card.');
    expect(kept).not.toContain(secondEntry.slice(secondEntry.indexOf('second.')));
  });

  it('is undefined for an error that ends no session, and ends nothing', async () => {
    const browser = await signIn('card');
    const state = await loadedRequest(engine, getRequest('/', browser));
    for (const error of [new IlsAuthError('rate_limited', 'slow down'), new Error('bug'), undefined])
      expect(await signInAgain(state, error, '/auth', '/')).toBeUndefined();
    const mismatch = new IlsAuthError('state_mismatch', 'x', { reauthRequired: true });
    expect(await signInAgain(state, mismatch, '/auth', '/')).toBeUndefined();
    expect((await loadedRequest(engine, getRequest('/', browser))).patron?.provider).toBe('card');
  });
});

describe('the order of patrons, and what an error answer reads', () => {
  it('patron follows the order of providers, not the order of sign-in', async () => {
    const state = await loadedRequest(engine, getRequest('/', await signIn('card', await signIn('second'))));
    expect(state.patron?.provider).toBe('card');
    expect(Object.keys(state.patrons)).toEqual(['card', 'second']);
  });

  it("a body parser's exposed client error keeps its 4xx as invalid_request; an unexposed one is a bare 500", () => {
    const tooLarge = Object.assign(new Error('request entity too large: 9000 bytes'), {
      status: 413,
      expose: true,
    });
    expect(engine.errorAnswer(tooLarge)).toMatchObject({
      status: 413,
      code: 'invalid_request',
      message: 'the request could not be read',
      headers: { 'cache-control': 'no-store' },
    });
    const hidden = Object.assign(new Error('secret detail'), { statusCode: 400, expose: false });
    expect(engine.errorAnswer(hidden)).toMatchObject({ status: 500, code: 'internal_error' });
    expect(engine.errorAnswer(Object.assign(new Error('x'), { status: 502, expose: true })).status).toBe(500);
  });

  it('a page is a GET or HEAD that does not rank JSON first; a JSON body or Accept asks for JSON', () => {
    expect(isPageRequest(getRequest('/', { accept: 'text/html,*/*;q=0.8' }))).toBe(true);
    expect(isPageRequest({ method: 'HEAD', headers: {} })).toBe(true);
    expect(isPageRequest(getRequest('/', { accept: 'application/json' }))).toBe(false);
    expect(isPageRequest(postRequest('/', { accept: 'text/html' }))).toBe(false);
    expect(wantsJson({ headers: { 'content-type': 'application/json; charset=utf-8' } })).toBe(true);
    expect(wantsJson({ headers: { accept: 'text/html;q=0.5, application/json;q=0.4' } })).toBe(false);
  });
});

describe('signInAgainLocation: the loginUrl of an API answer', () => {
  it('names the sign-in of the provider whose session ended, back to the request, and ends nothing more', async () => {
    const card = await signIn('card');
    const both = await signIn('second', card);
    const state = await loadedRequest(engine, getRequest('/api/loans?page=2', both));
    expect(signInAgainLocation(state, '/auth')).toBeUndefined();
    state.sessionEnded('second');
    expect(signInAgainLocation(state, '/auth')).toBe('/auth/second/login?returnTo=%2Fapi%2Floans%3Fpage%3D2');
    expect((await loadedRequest(engine, getRequest('/', both))).patrons.card).toBeDefined();
  });

  it('falls back to "/" for a request path that is no safe return, and is undefined for a provider no longer configured', async () => {
    const browser = await signIn('card');
    const hostile = await loadedRequest(engine, getRequest('//evil.example/x', browser));
    hostile.sessionEnded('card');
    expect(signInAgainLocation(hostile, '/auth')).toBe('/auth/card/login?returnTo=%2F');
    const removed = await loadedRequest(engine, getRequest('/', browser));
    removed.sessionEnded('removed');
    expect(signInAgainLocation(removed, '/auth')).toBeUndefined();
  });
});
