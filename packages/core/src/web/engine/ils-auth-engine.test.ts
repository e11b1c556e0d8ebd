import {
  type ReroEmulator,
  type SierraEmulator,
  signInOnRero,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rero } from '../../providers/rero.js';
import { sierra } from '../../providers/sierra.js';
import { serializeSetCookie } from '../cookies.js';
import { cookiesOf } from '../error-cookies.js';
import {
  outcomeOf as code,
  cookieHeader,
  finishSignIn,
  getRequest as get,
  loadedRequest,
  postRequest,
  ENGINE_TEST_SECRET as SECRET,
  ENGINE_TEST_SITE as SITE,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import { sessionCookieName } from './session-cookie-jar.js';
import { signOut } from './sign-out.js';

const post = (headers: Record<string, string> = {}) => postRequest('/auth/card/login', headers);

describe('the engine over the emulators', () => {
  let reroServer: ReroEmulator;
  let sierraServer: SierraEmulator;
  let web: IlsAuthEngine;
  const exchanges = () => reroServer.controls.requests().filter((e) => e.endpoint === 'rero.token').length;
  const validations = () =>
    sierraServer.controls.requests().filter((e) => e.endpoint === 'sierra.patrons.validate').length;

  beforeAll(async () => {
    [reroServer, sierraServer] = await Promise.all([startRero(), startSierra()]);
    web = new IlsAuthEngine(
      {
        secret: SECRET,
        providers: {
          rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials, allowInsecureHttp: true }),
          card: {
            provider: sierra({ baseUrl: sierraServer.url, ...sierraServer.credentials }),
            signIn: 'pin',
          },
        },
        throttle: { barcode: { max: 3, windowSeconds: 60 } },
      },
      { owner: 'test' },
    );
  });
  afterAll(async () => {
    await Promise.all([reroServer?.close(), sierraServer?.close()]);
  });

  async function signInWithRero(returnTo?: string) {
    const begun = await web.startCodeSignIn(get('/auth/rero/login'), 'rero', {
      redirectUri: '/auth/rero/callback',
      returnTo,
    });
    const txCookie = begun.cookies[0]!;
    const callback = new URL(await signInOnRero(begun.location, 'jean.simon@example.ch', 'Valais-2024'));
    const request = get(`${callback.pathname}${callback.search}`, {
      cookie: `${txCookie.name}=${txCookie.value}`,
    });
    return { begun, txCookie, request };
  }

  it('names the user of sign-in routes and the providers with sign-in when the name is wrong', () => {
    expect(web.signInRoutesProvider('card', 'IlsLoginGuard("card")').name).toBe('card');
    for (const name of ['crad', '__proto__', 42 as unknown as string])
      expect(() => web.signInRoutesProvider(name, 'IlsLoginGuard("crad")')).toThrow(
        expect.objectContaining({
          code: 'config_invalid',
          message: 'IlsLoginGuard("crad"): no such provider with sign-in in test (rero, card)',
        }),
      );
  });

  it('starts a code flow with a sealed, path-limited transaction cookie and no-store', async () => {
    const { begun, txCookie } = await signInWithRero('/loans');
    expect(begun).toMatchObject({ status: 302, headers: { 'cache-control': 'no-store' } });
    expect(new URL(begun.location).searchParams.get('redirect_uri')).toBe(`${SITE}/auth/rero/callback`);
    expect(serializeSetCookie(txCookie)).toMatch(
      /^ils_tx_rero=[A-Za-z0-9_-]+; Path=\/auth\/rero\/callback; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );
  });

  it('exchanges the code once for two simultaneous deliveries of one callback, and refuses a replay before RERO', async () => {
    const { request } = await signInWithRero('/loans');
    const before = exchanges();
    const outcomes = await Promise.allSettled([
      web.verifyCodeSignIn(request, 'rero'),
      web.verifyCodeSignIn(request, 'rero'),
    ]);
    expect(exchanges() - before).toBe(1);
    const [won] = outcomes.filter((o) => o.status === 'fulfilled') as PromiseFulfilledResult<
      Awaited<ReturnType<IlsAuthEngine['verifyCodeSignIn']>>
    >[];
    expect(won?.value.returnTo).toBe('/loans');
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason.code).toBe('state_mismatch');
    expect(cookiesOf(lost.reason)[0]).toMatchObject({ name: 'ils_tx_rero', maxAgeSeconds: 0 });
    expect(await code(web.verifyCodeSignIn(request, 'rero'))).toBe('state_mismatch');
    expect(exchanges() - before).toBe(1);
  });

  it('starts a new session at sign-in and kills the one the browser held before (fixation)', async () => {
    const first = await signInWithRero();
    const planted = await web.verifyCodeSignIn(first.request, 'rero');
    const plantedCookie = (await finishSignIn(web, first.request, planted)).at(-1)!;
    const second = await signInWithRero();
    const withPlanted = {
      ...second.request,
      headers: {
        ...second.request.headers,
        cookie: `${second.request.headers.cookie}; ${plantedCookie.name}=${plantedCookie.value}`,
      },
    };
    const signedIn = await web.verifyCodeSignIn(withPlanted, 'rero');
    const cookies = await finishSignIn(web, withPlanted, signedIn);
    expect(cookies.at(-1)!.value).not.toBe(plantedCookie.value);
    expect(
      (await loadedRequest(web, get('/', { cookie: `ils_session=${plantedCookie.value}` }))).patron,
    ).toBeUndefined();
    expect((await loadedRequest(web, get('/', cookieHeader(cookies.at(-1)!)))).patron?.provider).toBe('rero');
  });

  it('refuses cross-site PIN posts before any provider call, and lets at most the limit of 20 parallel wrong PINs through', async () => {
    const before = validations();
    expect(
      await code(
        web.verifyPinSignIn(post({ origin: 'https://evil.example' }), 'card', {
          barcode: '21913000000001',
          pin: '1234',
        }),
      ),
    ).toBe('cross_site_request');
    expect(validations()).toBe(before);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        code(
          web.verifyPinSignIn(post({ origin: SITE }), 'card', {
            barcode: i % 2 ? ' LibCard42' : 'libcard42',
            pin: '9999',
          }),
        ),
      ),
    );
    expect(results, JSON.stringify(results)).toContain('invalid_credentials');
    expect(validations() - before).toBe(3);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(17);
  });

  it('signs out: the session ends in the store and the cookie is cleared; cross-site sign-out is refused', async () => {
    const { request } = await signInWithRero();
    const cookie = (await finishSignIn(web, request, await web.verifyCodeSignIn(request, 'rero'))).at(-1)!;
    const browser = { cookie: `ils_session=${cookie.value}` };
    expect(
      await code(signOut(web.request(post({ ...browser, 'sec-fetch-site': 'cross-site' }), undefined))),
    ).toBe('cross_site_request');
    const out = await signOut(web.request(post({ ...browser, origin: SITE }), undefined), {
      returnTo: '//evil.example',
    });
    expect(out).toMatchObject({ status: 303, location: '/' });
    expect(out.cookies[0]).toMatchObject({ name: 'ils_session', value: '', maxAgeSeconds: 0 });
    expect((await loadedRequest(web, get('/', browser))).patron).toBeUndefined();
  });

  it('uses __Host- and __Secure- cookie names over https, and never builds a redirect URI from a bad Host', async () => {
    const secure = { ...get('/auth/rero/login'), secure: true };
    const begun = await web.startCodeSignIn(secure, 'rero', { redirectUri: '/auth/rero/callback' });
    expect(begun.cookies[0]!.name).toBe('__Secure-ils_tx_rero');
    expect(sessionCookieName(web.setup, secure)).toBe('__Host-ils_session');
    await expect(
      web.startCodeSignIn(get('/auth/rero/login', { host: 'evil.com#' }), 'rero', {
        redirectUri: '/auth/rero/callback',
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
