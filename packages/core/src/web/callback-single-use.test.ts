import { type ReroEmulator, signInOnRero, startRero } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rero } from '../providers/rero.js';
import { MemoryStore } from '../store/memory-store.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';
import type { WebRequest } from './web-request.js';

const SITE = 'http://127.0.0.1:5999';

/** An application's MemoryStore that does something asynchronous on each write (metrics, write-through). */
class InstrumentedStore extends MemoryStore {
  writes = 0;
  override async set(key: string, value: string, ttlMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.writes++;
    return super.set(key, value, ttlMs);
  }
}

describe('single use of a sign-in callback on a MemoryStore subclass whose set() awaits', () => {
  let reroServer: ReroEmulator;
  beforeAll(async () => {
    reroServer = await startRero();
  });
  afterAll(async () => {
    await reroServer?.close();
  });

  it('exchanges the code once for two simultaneous deliveries, in each of 5 tries', async () => {
    const store = new InstrumentedStore();
    const web = new IlsAuthEngine(
      {
        secret: 'a-secret-of-at-least-thirty-two-characters',
        origin: SITE,
        store,
        providers: {
          rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials, allowInsecureHttp: true }),
        },
      },
      { owner: 'test' },
    );
    const exchanges = () => reroServer.controls.requests().filter((e) => e.endpoint === 'rero.token').length;
    const perTry: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const begun = await web.startCodeSignIn(
        { method: 'GET', url: '/auth/rero/login', headers: {}, secure: false },
        'rero',
        { redirectUri: '/auth/rero/callback' },
      );
      const tx = begun.cookies[0]!;
      const callback = new URL(await signInOnRero(begun.location, 'jean.simon@example.ch', 'Valais-2024'));
      const request: WebRequest = {
        method: 'GET',
        url: `${callback.pathname}${callback.search}`,
        headers: { cookie: `${tx.name}=${tx.value}` },
        secure: false,
      };
      const before = exchanges();
      const outcomes = await Promise.allSettled([
        web.verifyCodeSignIn(request, 'rero'),
        web.verifyCodeSignIn(request, 'rero'),
      ]);
      perTry.push(exchanges() - before);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    }
    expect(perTry).toEqual([1, 1, 1, 1, 1]);
    expect(store.writes).toBeGreaterThan(0); // the override did run for the store's ordinary writes
  });
});
