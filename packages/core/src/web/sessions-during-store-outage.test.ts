import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatusFor } from '../errors/http-status.js';
import type { IlsAuthError } from '../errors/ils-auth-error.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { storeUnavailable } from '../store/store-unavailable.js';
import { finishSignIn, loadedRequest } from './engine/engine-test-requests.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';
import { signOut } from './engine/sign-out.js';
import { cookiesOf } from './error-cookies.js';
import type { WebRequest } from './web-request.js';

const SITE = 'http://127.0.0.1:5999';

/**
 * One process's view of a shared store that can be switched off, as a custom store over a database that
 * goes away would be. Two views of one `MemoryStore` stand for two processes sharing it.
 */
class OutageStore {
  down = false;
  constructor(private readonly shared: MemoryStore) {}
  get(key: string) {
    return this.down ? Promise.reject(storeUnavailable('test outage')) : this.shared.get(key);
  }
  set(key: string, value: string, ttlMs: number) {
    return this.shared.set(key, value, ttlMs);
  }
  delete(key: string) {
    return this.down ? Promise.reject(storeUnavailable('test outage')) : this.shared.delete(key);
  }
  setIfAbsent(key: string, value: string, ttlMs: number) {
    return this.shared.setIfAbsent(key, value, ttlMs);
  }
  increment(key: string, by: number, ttlMs: number) {
    return this.down
      ? Promise.reject(storeUnavailable('test outage'))
      : this.shared.increment(key, by, ttlMs);
  }
}

const browser = (cookie: string, method = 'GET'): WebRequest => ({
  method,
  url: '/',
  headers: { cookie, origin: SITE, accept: 'application/json' },
  secure: false,
});

describe('sessions while the store cannot answer', () => {
  let emulator: SierraEmulator;
  let store: OutageStore;
  let web: IlsAuthEngine;
  let otherProcess: IlsAuthEngine;
  beforeAll(async () => {
    emulator = await startSierra();
    const shared = new MemoryStore();
    store = new OutageStore(shared);
    const app = (view: OutageStore) =>
      new IlsAuthEngine(
        {
          secret: 'a-secret-of-at-least-thirty-two-characters',
          origin: SITE,
          store: view,
          providers: {
            card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
          },
        },
        { owner: 'test' },
      );
    web = app(store);
    otherProcess = app(new OutageStore(shared));
  });
  afterAll(async () => {
    store.down = false;
    await emulator?.close();
  });

  async function signIn(on = web): Promise<string> {
    const request = browser('', 'POST');
    const signedIn = await on.verifyPinSignIn(request, 'card', { barcode: '21913000000001', pin: '1234' });
    const cookie = (await finishSignIn(on, request, signedIn)).at(-1)!;
    return `${cookie.name}=${cookie.value}`;
  }

  it('serves a session this process read recently, signs nobody out, and answers 503 for one it never saw', async () => {
    const seen = await signIn();
    const unseen = await signIn(otherProcess); // a browser this process never served
    expect(Object.keys((await loadedRequest(web, browser(seen))).patrons)).toHaveLength(1);
    store.down = true;
    try {
      const during = await loadedRequest(web, browser(seen));
      expect(Object.keys(during.patrons)).toHaveLength(1);
      expect(during.takeCookies()).toEqual([]); // no cookie cleared
      const refused = await loadedRequest(web, browser(unseen)).catch((error: IlsAuthError) => error);
      expect(refused).toMatchObject({ code: 'store_unavailable', retryAfter: expect.any(Number) });
      expect(httpStatusFor(refused as IlsAuthError)).toBe(503);
      // A PIN sign-in cannot be counted: refused as well, retryable.
      await expect(
        web.verifyPinSignIn(browser('', 'POST'), 'card', { barcode: '21913000000003', pin: '4321' }),
      ).rejects.toMatchObject({ code: 'store_unavailable' });
    } finally {
      store.down = false;
    }
    expect(Object.keys((await loadedRequest(web, browser(unseen))).patrons)).toHaveLength(1);
    expect(Object.keys((await loadedRequest(web, browser(seen))).patrons)).toHaveLength(1);
  });

  it('a logout the store cannot hear is refused with 503 but clears the cookie, and this process never serves the session again', async () => {
    const cookie = await signIn();
    expect(Object.keys((await loadedRequest(web, browser(cookie))).patrons)).toHaveLength(1);
    store.down = true;
    try {
      const refused = await signOut(web.request(browser(cookie, 'POST'), undefined)).catch(
        (error: IlsAuthError) => error,
      );
      expect(refused).toMatchObject({ code: 'store_unavailable' });
      expect(cookiesOf(refused)).toEqual([
        expect.objectContaining({ name: 'ils_session', value: '', maxAgeSeconds: 0 }),
      ]);
      expect(Object.keys((await loadedRequest(web, browser(cookie))).patrons)).toHaveLength(0);
    } finally {
      store.down = false;
    }
    // Still refused here after the store is back; the patron's retry of the logout then reaches the store.
    expect(Object.keys((await loadedRequest(web, browser(cookie))).patrons)).toHaveLength(0);
  });

  it("the user a signIn callback mapped follows the same rule: this process's recent read (a user or none), else 503; never taken for signed out", async () => {
    const signInSession = async (on = web) =>
      (await on.verifyPinSignIn(browser('', 'POST'), 'card', { barcode: '21913000000001', pin: '1234' }))
        .session;
    const mapped = await signInSession();
    const unmapped = await signInSession(); // the callback returned no user
    const elsewhere = await signInSession(otherProcess); // this process never read its user
    await web.setup.users.save(mapped, { id: 'u-7' });
    await otherProcess.setup.users.save(elsewhere, { id: 'u-8' });
    expect(await web.setup.users.load(mapped.id)).toEqual({ id: 'u-7' });
    expect(await web.setup.users.load(unmapped.id)).toBeUndefined();
    store.down = true;
    try {
      expect(await web.setup.users.load(mapped.id)).toEqual({ id: 'u-7' });
      expect(await web.setup.users.load(unmapped.id)).toBeUndefined();
      const refused = await web.setup.users.load(elsewhere.id).catch((error: IlsAuthError) => error);
      expect(refused).toMatchObject({ code: 'store_unavailable', retryAfter: expect.any(Number) });
      // Deleted during the outage (a logout): refused, and never served again by this process.
      await expect(web.setup.users.delete(mapped.id)).rejects.toMatchObject({ code: 'store_unavailable' });
      expect(await web.setup.users.load(mapped.id)).toBeUndefined();
    } finally {
      store.down = false;
    }
    expect(await web.setup.users.load(elsewhere.id)).toEqual({ id: 'u-8' });
  });

  it('sessionOutageGraceSeconds: 0 serves nothing from memory (503 for every session during the outage, nobody signed out); out-of-range values are refused', async () => {
    const strict = new OutageStore(new MemoryStore());
    const options = {
      secret: 'a-secret-of-at-least-thirty-two-characters',
      origin: SITE,
      store: strict,
      providers: {
        card: {
          provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }),
          signIn: 'pin' as const,
        },
      },
    };
    const app = new IlsAuthEngine({ ...options, sessionOutageGraceSeconds: 0 }, { owner: 'test' });
    const cookie = await signIn(app);
    expect(Object.keys((await loadedRequest(app, browser(cookie))).patrons)).toHaveLength(1);
    strict.down = true;
    try {
      await expect(loadedRequest(app, browser(cookie))).rejects.toMatchObject({ code: 'store_unavailable' });
    } finally {
      strict.down = false;
    }
    expect(Object.keys((await loadedRequest(app, browser(cookie))).patrons)).toHaveLength(1);
    for (const sessionOutageGraceSeconds of [-1, 3601, Number.NaN, '60'])
      expect(
        () => new IlsAuthEngine({ ...options, sessionOutageGraceSeconds } as never, { owner: 'test' }),
      ).toThrow(/`sessionOutageGraceSeconds` must be a number of seconds from 0 to 3600/);
  });
});
