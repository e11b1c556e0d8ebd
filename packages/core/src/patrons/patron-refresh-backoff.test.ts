import { type ReroEmulator, signInOnRero, startRero } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rero } from '../providers/rero.js';
import { MemoryStore } from '../store/memory-store.js';
import { createPatronAuth } from './create-patron-auth.js';

const REDIRECT = 'http://127.0.0.1:5999/auth/rero/callback';

describe('patron refresh-token requests during a token endpoint outage', () => {
  let emulator: ReroEmulator;
  beforeAll(async () => {
    emulator = await startRero();
  });
  afterAll(() => emulator.close());

  it('go through the provider backoff: one request per Retry-After window, one log line at each end', async () => {
    let offsetMs = 0;
    const warnings: string[] = [];
    const record = (message: string) => warnings.push(message);
    const auth = createPatronAuth(rero({ baseUrl: emulator.url, ...emulator.credentials }), {
      store: new MemoryStore(),
      redirectUri: REDIRECT,
      clock: () => Date.now() + offsetMs,
      logger: { warn: record, error: record },
    });
    const { url, transaction } = auth.authorizationUrl();
    const session = await auth.handleCallback(
      await signInOnRero(url, 'jean.simon@example.ch', 'Valais-2024'),
      transaction,
    );
    const signedInWith = await auth.accessToken(session.id);
    emulator.controls.clearRequests();
    emulator.controls.inject({ endpoint: 'rero.token', status: 503, retryAfter: 30, times: 1_000 });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

    // 3600 s tokens: 3540 s on is inside the refresh window, before the 30 s expiry skew.
    offsetMs = 3_540_000;
    for (let call = 0; call < 20; call += 1) {
      expect(await auth.accessToken(session.id)).toBe(signedInWith);
      await settle(); // let the background refresh fail
    }
    expect(emulator.controls.tokenRequests('rero.token')).toBe(1);
    expect(warnings).toEqual(['ils-auth: provider outage started; token requests back off']);

    // Past the skew the token is no longer served: callers fail fast, the session stays.
    offsetMs = 3_575_000; // the first Retry-After window is over: one more request, which fails
    await expect(auth.accessToken(session.id)).rejects.toMatchObject({ code: 'provider_unavailable' });
    const waiting = await Promise.allSettled(Array.from({ length: 50 }, () => auth.accessToken(session.id)));
    for (const outcome of waiting)
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { code: 'provider_unavailable', retryAfter: expect.any(Number) },
      });
    expect(emulator.controls.tokenRequests('rero.token')).toBe(2);

    emulator.controls.clearFaults();
    offsetMs = 3_610_000;
    const renewed = await auth.accessToken(session.id);
    expect(renewed).not.toBe(signedInWith);
    expect(emulator.controls.tokenRequests('rero.token')).toBe(3);
    expect(warnings).toEqual([
      'ils-auth: provider outage started; token requests back off',
      'ils-auth: provider outage ended; token requests succeed again',
    ]);
  });
});
