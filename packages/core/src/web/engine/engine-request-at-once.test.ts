import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sierra } from '../../providers/sierra.js';
import { MemoryStore } from '../../store/memory-store.js';
import type { TokenStore } from '../../store/token-store.js';
import {
  ENGINE_TEST_SECRET,
  ENGINE_TEST_SITE,
  getRequest,
  loadedRequest,
  signedInBrowser as pinSignedInBrowser,
  postRequest,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import { signOut } from './sign-out.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const sameSite = { origin: ENGINE_TEST_SITE };
let server: SierraEmulator;

beforeAll(async () => {
  server = await startSierra();
});
afterAll(() => server.close());

/** A store whose reads are its own `get` (counted), as a logging or metrics wrapper's would be. */
class CountingStore extends MemoryStore {
  reads = 0;
  override async get(key: string): Promise<string | undefined> {
    this.reads++;
    return super.get(key);
  }
}

function engineWith(options: { store?: TokenStore; signIn?: () => { user: unknown } } = {}): IlsAuthEngine {
  const catalogue = sierra({ baseUrl: server.url, ...server.credentials });
  return new IlsAuthEngine(
    {
      secret: ENGINE_TEST_SECRET,
      ...(options.store ? { store: options.store } : {}),
      ...(options.signIn ? { callbacks: { signIn: options.signIn as never } } : {}),
      providers: {
        card: { provider: catalogue, signIn: 'pin' },
        second: { provider: catalogue, signIn: 'pin' },
      },
    },
    { owner: 'test' },
  );
}

function signedInBrowser(engine: IlsAuthEngine): Promise<Record<string, string>> {
  return pinSignedInBrowser(engine, 'card', RITA);
}

describe("a request's sessions read at once (EngineRequest.loadAtOnce)", () => {
  it('with the in-process store: the same patrons as load(), set before any await, and load() then settles at once', async () => {
    const engine = engineWith();
    const browser = await signedInBrowser(engine);
    const atOnce = engine.request(getRequest('/', browser), undefined);
    expect(atOnce.loadAtOnce()).toBe(true);
    expect(atOnce.patron?.provider).toBe('card');
    const awaited = await loadedRequest(engine, getRequest('/', browser));
    expect(atOnce.patron).toBe(awaited.patron);
    expect(atOnce.patrons).toEqual(awaited.patrons);
    await atOnce.load();
    expect(atOnce.loadAtOnce()).toBe(true);
    expect(atOnce.takeCookies()).toEqual([]);
  });

  it('a request without a session, and an entry whose session is gone, are settled at once (the cookie drops the entry)', async () => {
    const engine = engineWith();
    const nobody = engine.request(getRequest('/'), undefined);
    expect(nobody.loadAtOnce()).toBe(true);
    expect(nobody.patron).toBeUndefined();
    const browser = await signedInBrowser(engine);
    const withDead = { cookie: `${browser.cookie}~second.${'x'.repeat(43)}` };
    const state = engine.request(getRequest('/', withDead), undefined);
    expect(state.loadAtOnce()).toBe(true);
    expect(state.patron?.provider).toBe('card');
    expect(state.ended).toEqual(['second']);
    expect(state.takeCookies()[0]?.value).toBe(browser.cookie!.split('=')[1]);
  });

  it('a store read through its own get (a subclass, a wrapper) is never read at once: load() asks that get', async () => {
    const store = new CountingStore();
    const engine = engineWith({ store });
    const browser = await signedInBrowser(engine);
    const state = engine.request(getRequest('/', browser), undefined);
    expect(state.loadAtOnce()).toBe(false);
    const before = store.reads;
    await state.load();
    expect(state.patron?.provider).toBe('card');
    expect(store.reads).toBeGreaterThan(before);
    expect(state.loadAtOnce()).toBe(true);
  });

  it('a session over since "log out everywhere" is not judged at once: load() ends it in the store', async () => {
    const engine = engineWith();
    const [here, there] = [await signedInBrowser(engine), await signedInBrowser(engine)];
    await signOut(engine.request(postRequest('/auth/logout', { ...here, ...sameSite }), undefined), {
      everywhere: true,
    });
    const elsewhere = engine.request(getRequest('/', there), undefined);
    expect(elsewhere.loadAtOnce()).toBe(false);
    await elsewhere.load();
    expect(elsewhere.patron).toBeUndefined();
    expect(elsewhere.ended).toEqual(['card']);
    // Ended in the store, not only in this answer: the next request finds nothing, at once.
    const again = engine.request(getRequest('/', there), undefined);
    expect(again.loadAtOnce()).toBe(true);
    expect(again.patron).toBeUndefined();
  });

  it('the user a signIn callback mapped is read at once as well, a fresh copy per request', async () => {
    const engine = engineWith({ signIn: () => ({ user: { id: 'u-7', roles: ['reader'] } }) });
    const browser = await signedInBrowser(engine);
    const first = engine.request(getRequest('/', browser), undefined);
    const second = engine.request(getRequest('/', browser), undefined);
    expect(first.loadAtOnce()).toBe(true);
    expect(second.loadAtOnce()).toBe(true);
    expect(first.patron?.user).toEqual({ id: 'u-7', roles: ['reader'] });
    expect(first.patron?.user).not.toBe(second.patron?.user);
  });
});
