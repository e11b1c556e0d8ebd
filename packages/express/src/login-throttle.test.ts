import { MemoryStore, overdrive, sierra } from '@ils-auth/core';
import { type OverDriveEmulator, type SierraEmulator, startOverDrive, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };

let sierraEmulator: SierraEmulator;
let overdriveEmulator: OverDriveEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  [sierraEmulator, overdriveEmulator] = await Promise.all([startSierra(), startOverDrive()]);
});
afterAll(async () => {
  await Promise.all([sierraEmulator.close(), overdriveEmulator.close()]);
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function sierraProvider() {
  return sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials });
}

async function pinLogin(path: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return new Browser().request(`${app!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('login throttling', () => {
  it('answers the 6th guess for one card with 429 and Retry-After, even with the right PIN', async () => {
    app = await startTestApp({ providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } } });
    for (let guess = 0; guess < 5; guess++) {
      const answer = await pinLogin('/auth/sierra/login', { barcode: RITA.barcode, pin: `000${guess}` });
      expect(answer.status).toBe(401);
    }
    const validateCalls = () =>
      sierraEmulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.patrons.validate')
        .length;
    const before = validateCalls();
    const blocked = await pinLogin('/auth/sierra/login', RITA);
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body)).toEqual({
      error: { code: 'rate_limited', message: 'too many failed sign-in attempts; try again later' },
    });
    expect(blocked.body).not.toContain(RITA.pin);
    const retryAfter = Number((await fetchHeaders(`${app.url}/auth/sierra/login`, RITA)).get('retry-after'));
    expect(retryAfter).toBeGreaterThan(15 * 60 - 5);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Refused before Sierra is asked.
    expect(validateCalls()).toBe(before);
    // Another card from the same IP still signs in.
    expect((await pinLogin('/auth/sierra/login', { barcode: '21913000000005', pin: '5555' })).status).toBe(
      200,
    );
  });

  it('varying case or spaces does not escape the per-card limit', async () => {
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { barcode: { max: 2, windowSeconds: 60 } },
    });
    await pinLogin('/auth/sierra/login', { barcode: 'libcard42', pin: '1111' });
    await pinLogin('/auth/sierra/login', { barcode: ' LibCard42 ', pin: '1111' });
    expect((await pinLogin('/auth/sierra/login', { barcode: 'LIBCARD42', pin: '0042' })).status).toBe(429);
  });

  it('a successful sign-in resets the card counter', async () => {
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { barcode: { max: 3, windowSeconds: 60 } },
    });
    for (const round of [1, 2, 3]) {
      for (let guess = 0; guess < 2; guess++) {
        expect(
          (await pinLogin('/auth/sierra/login', { barcode: RITA.barcode, pin: '9999' })).status,
          `round ${round}`,
        ).toBe(401);
      }
      expect((await pinLogin('/auth/sierra/login', RITA)).status).toBe(200);
    }
  });

  it('limits failures per client IP across cards', async () => {
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { ip: { max: 3, windowSeconds: 60 } },
    });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (const card of ['21913000000001', '21913000000002', '21913000000003']) {
      expect(
        (await pinLogin('/auth/sierra/login', { barcode: card, pin: '0000' }, from('198.51.100.7'))).status,
      ).toBe(401);
    }
    const blocked = await pinLogin(
      '/auth/sierra/login',
      { barcode: '21913000000005', pin: '5555' },
      from('198.51.100.7'),
    );
    expect(blocked.status).toBe(429);
    // Another IP is not affected.
    expect(
      (await pinLogin('/auth/sierra/login', { barcode: '21913000000005', pin: '5555' }, from('198.51.100.8')))
        .status,
    ).toBe(200);
  });

  it('counts parallel guesses: no burst slips past the limit', async () => {
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { barcode: { max: 3, windowSeconds: 60 } },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pinLogin('/auth/sierra/login', { barcode: RITA.barcode, pin: `55${i}0` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('a provider outage is not counted against the patron', async () => {
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { barcode: { max: 1, windowSeconds: 60 } },
      clientOptions: { timeoutMs: 2000 },
    });
    sierraEmulator.controls.inject({ endpoint: 'sierra.patrons.validate', status: 503, times: 3 });
    const down = await pinLogin('/auth/sierra/login', RITA);
    expect(down.status).toBeGreaterThanOrEqual(500);
    sierraEmulator.controls.clearFaults();
    expect((await pinLogin('/auth/sierra/login', RITA)).status).toBe(200);
  });

  it('shares counters through the store: two app instances on one store see the same failures', async () => {
    const written: string[] = [];
    const store = new (class extends MemoryStore {
      override async set(key: string, value: string, ttlMs: number) {
        written.push(key, value);
        return super.set(key, value, ttlMs);
      }
      // The throttle counts with the store's atomic increment.
      override async increment(key: string, by: number, ttlMs: number) {
        written.push(key);
        return super.increment(key, by, ttlMs);
      }
    })();
    const first = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      store,
      throttle: { barcode: { max: 2, windowSeconds: 60 } },
    });
    app = await startTestApp({
      providers: { sierra: { provider: sierraProvider(), signIn: 'pin' } },
      throttle: { barcode: { max: 2, windowSeconds: 60 }, store },
    });
    try {
      await new Browser().request(`${first.url}/auth/sierra/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ barcode: RITA.barcode, pin: '0000' }),
      });
      await pinLogin('/auth/sierra/login', { barcode: RITA.barcode, pin: '0001' });
      expect((await pinLogin('/auth/sierra/login', RITA)).status).toBe(429);
      // Keys hold an HMAC of the card, never the card number itself.
      expect(written.some((entry) => entry.includes(':throttle:barcode:'))).toBe(true);
      expect(written.join('\n')).not.toContain(RITA.barcode);
    } finally {
      await first.close();
    }
  });

  it('throttles OverDrive card + PIN sign-in too', async () => {
    const { credentials } = overdriveEmulator;
    app = await startTestApp({
      providers: {
        overdrive: overdrive({
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          websiteId: credentials.websiteId,
          authorizationName: credentials.authorizationName,
          allowPasswordGrant: true,
          oauthUrl: overdriveEmulator.oauthUrl,
          patronOauthUrl: overdriveEmulator.patronOauthUrl,
          apiUrl: overdriveEmulator.apiUrl,
          patronApiUrl: overdriveEmulator.patronApiUrl,
        }),
      },
      throttle: { barcode: { max: 2, windowSeconds: 60 } },
    });
    for (let guess = 0; guess < 2; guess++) {
      expect(
        (await pinLogin('/auth/overdrive/login', { barcode: '23025000000001', pin: '0000' })).status,
      ).toBe(401);
    }
    expect((await pinLogin('/auth/overdrive/login', { barcode: '23025000000001', pin: '2468' })).status).toBe(
      429,
    );
  });
});

async function fetchHeaders(url: string, body: Record<string, string>): Promise<Headers> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.headers;
}
