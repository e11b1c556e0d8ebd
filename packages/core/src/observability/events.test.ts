import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { LoginThrottle } from '../web/login-throttle.js';
import { throttledLogin } from '../web/throttled-login.js';
import { type IlsAuthEvent, onIlsAuthEvent } from './events.js';
import { healthReport } from './health.js';

describe('events and health', () => {
  let emulator: SierraEmulator;
  const seen: IlsAuthEvent[] = [];
  let stop: () => void;
  beforeAll(async () => {
    emulator = await startSierra();
    stop = onIlsAuthEvent((event) => seen.push(event));
  });
  afterAll(async () => {
    stop();
    await emulator.close();
  });

  it('reports token requests, failures, backoff, 401 retries and sign-ins, with no secret in any event', async () => {
    const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    const store = new MemoryStore();
    const app = createClient(provider, { store });
    const token = await app.getToken();
    emulator.controls.restart(); // every token revoked: the next call meets a 401 and retries once
    expect((await app.fetch('/bibs/1000004')).status).toBe(200);

    const auth = createPatronAuth(provider, { store });
    const throttle = new LoginThrottle(
      store,
      'a-throttle-secret-of-32-characters!',
      'events',
      {
        barcode: { max: 1, windowSeconds: 60 },
        ip: { max: 100, windowSeconds: 60 },
      },
      Date.now,
    );
    await expect(
      throttledLogin(auth, throttle, { barcode: '21913000000001', pin: '0000' }, '192.0.2.1'),
    ).rejects.toThrow();
    await expect(
      throttledLogin(auth, throttle, { barcode: '21913000000001', pin: '1234' }, '192.0.2.1'),
    ).rejects.toThrow();
    const session = await throttledLogin(
      auth,
      undefined,
      { barcode: '21913000000001', pin: '1234' },
      undefined,
    );
    await auth.logout(session.id);

    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30, times: 1_000 });
    const down = createClient(provider, { store: new MemoryStore() });
    await expect(down.getToken()).rejects.toMatchObject({ code: 'provider_unavailable' });
    await expect(down.getToken()).rejects.toMatchObject({ code: 'provider_unavailable', retryAfter: 30 });
    emulator.controls.clearFaults();

    const types = seen.map((event) => event.type);
    for (const type of [
      'token.requested',
      'token.refreshed',
      'api.unauthorized_retry',
      'signin.failed',
      'signin.throttled',
      'signin.succeeded',
      'session.revoked',
      'token.failed',
      'token.backing_off',
    ] as const)
      expect(types).toContain(type);
    expect(seen.find((event) => event.type === 'token.failed')).toMatchObject({
      code: 'provider_unavailable',
      status: 503,
    });
    const printed = JSON.stringify(seen);
    for (const secret of [token, emulator.credentials.clientSecret, session.id, '21913000000001', '1234'])
      expect(printed).not.toContain(secret);

    const report = healthReport();
    expect(report.healthy).toBe(false);
    const failing = report.tokens.find((entry) => entry.backoff.backingOff);
    expect(failing).toMatchObject({
      provider: 'sierra',
      storeMode: 'memory',
      healthy: false,
      tokenValidUntil: undefined,
    });
    const serving = report.tokens.find((entry) => entry.tokenValidUntil !== undefined);
    expect(serving?.healthy).toBe(true);
    expect(serving?.lastRefreshAt).toBeLessThanOrEqual(Date.now());
  });
});
