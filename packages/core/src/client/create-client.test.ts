import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { createClient } from './create-client.js';

const SI1_BODY =
  '{"code":113,"specificCode":0,"httpStatus":401,"name":"Unauthorized","description":"Invalid or missing authorization header"}';

describe('createClient against the Sierra emulator', () => {
  let emulator: SierraEmulator;
  const provider = () => sierra({ baseUrl: emulator.url, ...emulator.credentials });
  beforeAll(async () => {
    emulator = await startSierra();
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.controls.clearFaults();
    emulator.controls.setLatency(0);
    emulator.controls.clearRequests();
  });

  it('makes exactly one token request for 1,000 concurrent getToken() calls on a cold cache', async () => {
    const client = createClient(provider());
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(emulator.controls.tokenRequests()).toBe(1);
  });

  it('refreshes ahead of expiry while still serving the old token, and never serves one inside the skew', async () => {
    let now = Date.now();
    const client = createClient(provider(), {
      clock: () => now,
      expirySkewSeconds: 30,
      refreshAheadSeconds: 60,
      jitterSeconds: 0,
    });
    const first = await client.getTokenSet();
    expect(first.expiresAt - now).toBe(3600 * 1000);

    // 80 s left: inside the refresh window (30 s skew + 60 s ahead) but outside the skew.
    now = first.expiresAt - 80_000;
    emulator.controls.setLatency(150);
    expect(await client.getToken()).toBe(first.accessToken);
    expect(await client.getToken()).toBe(first.accessToken);
    await waitFor(() => emulator.controls.tokenRequests() === 2);
    // The background refresh lands once its response is stored; until then the old token is served.
    let second = await client.getTokenSet();
    for (let i = 0; i < 500 && second.accessToken === first.accessToken; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      second = await client.getTokenSet();
    }
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(emulator.controls.tokenRequests()).toBe(2);

    // 20 s left of the second token: callers wait for a new one instead of getting it.
    now = second.expiresAt - 20_000;
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getTokenSet()));
    for (const token of results) {
      expect(token.accessToken).not.toBe(second.accessToken);
      expect(token.expiresAt - now).toBeGreaterThan(30_000);
    }
    expect(emulator.controls.tokenRequests()).toBe(3);
  });

  it('survives a Sierra restart with one extra token request for all concurrent callers', async () => {
    const client = createClient(provider());
    expect((await client.fetch('bibs/1000004')).status).toBe(200);
    emulator.controls.restart();
    const before = emulator.controls.tokenRequests();
    const responses = await Promise.all(Array.from({ length: 50 }, () => client.fetch('bibs/1000004')));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(emulator.controls.tokenRequests() - before).toBe(1);
  });

  it('retries a refused token once and returns a second 401 as is, never looping', async () => {
    const client = createClient(provider());
    await client.getToken();
    const tokenRequestsBefore = emulator.controls.tokenRequests();
    emulator.controls.inject({
      endpoint: 'sierra.bibs.get',
      status: 401,
      body: SI1_BODY,
      contentType: 'application/json',
      times: 5,
    });
    const response = await client.fetch('bibs/1000004');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 113 });
    const bibCalls = emulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.bibs.get');
    expect(bibCalls).toHaveLength(2);
    expect(emulator.controls.tokenRequests() - tokenRequestsBefore).toBe(1);
  });

  it('does not retry a 401 that is not about the token (no Bearer challenge, no Sierra token code)', async () => {
    const client = createClient(provider());
    await client.getToken();
    emulator.controls.inject({
      endpoint: 'sierra.bibs.get',
      status: 401,
      body: '{"code":999,"specificCode":0,"httpStatus":401,"name":"Other"}',
      contentType: 'application/json',
    });
    const response = await client.fetch('bibs/1000004');
    expect(response.status).toBe(401);
    expect(emulator.controls.requests().filter((entry) => entry.endpoint === 'sierra.bibs.get')).toHaveLength(
      1,
    );
  });

  it('sends User-Agent and, when asked, X-Forwarded-For', async () => {
    const client = createClient(provider(), { userAgent: 'BranchPortal/2.1' });
    await client.fetch('/v6/bibs/1000004'.replace('/v6', ''), { forwardedFor: '203.0.113.7' });
    const entry = emulator.controls.requests().find((e) => e.endpoint === 'sierra.bibs.get');
    expect(entry?.headers).toEqual({ userAgent: 'BranchPortal/2.1', forwardedFor: '203.0.113.7' });
    const tokenEntry = emulator.controls.requests().find((e) => e.endpoint === 'sierra.token');
    expect(tokenEntry?.headers.userAgent).toBe('BranchPortal/2.1');

    // The header sets are kept per token and address: each call still carries its own address.
    emulator.controls.clearRequests();
    for (const address of ['203.0.113.7', '198.51.100.2', '203.0.113.7', undefined])
      await client.fetch('bibs/1000004', { forwardedFor: address });
    expect(
      emulator.controls
        .requests()
        .filter((e) => e.endpoint === 'sierra.bibs.get')
        .map((e) => e.headers.forwardedFor),
    ).toEqual(['203.0.113.7', '198.51.100.2', '203.0.113.7', undefined]);
  });

  it('times API calls out with requestTimeoutMs, and leaves a caller’s own abort as it is', async () => {
    const client = createClient(provider(), { requestTimeoutMs: 150 });
    await client.getToken();
    emulator.controls.inject({ endpoint: 'sierra.bibs.get', delayMs: 1_000 });
    const timedOut = await client.fetch('bibs/1000004').catch((e: unknown) => e);
    expect(isIlsAuthError(timedOut) && timedOut.code).toBe('timeout');

    emulator.controls.inject({ endpoint: 'sierra.bibs.get', delayMs: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('navigated away')), 50);
    const aborted = await client
      .fetch('bibs/1000004', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(aborted)).toBe(false);
    expect((aborted as Error).message).toBe('navigated away');
  });

  it('times API calls out on undici’s shared timer, with no timer of its own per call, from 5 s up', async () => {
    const client = createClient(provider(), { requestTimeoutMs: 5_000 });
    await client.getToken();
    emulator.controls.inject({ endpoint: 'sierra.bibs.get', delayMs: 9_000 });
    const started = Date.now();
    const error = await client.fetch('bibs/1000004').catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(isIlsAuthError(error) && error.code).toBe('timeout');
    expect(isIlsAuthError(error) && error.message).toBe('API request to sierra timed out after 5000 ms');
    // undici's own headers timeout fired (not an AbortController of ours), about on time.
    expect((error as { cause?: { cause?: { code?: unknown } } }).cause?.cause?.code).toBe(
      'UND_ERR_HEADERS_TIMEOUT',
    );
    // undici's timer may fire up to a second late; the emulator would answer at 9 s.
    expect(elapsed).toBeGreaterThanOrEqual(5_000);
    expect(elapsed).toBeLessThan(8_000);
    // The next call on the same client goes through.
    expect((await client.fetch('bibs/1000004')).status).toBe(200);
  }, 15_000);

  it('times calls out with a timer of its own when the fetch is the caller’s, which may not know undici', async () => {
    const ownFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
    const client = createClient(provider(), { requestTimeoutMs: 5_000, fetch: ownFetch });
    await client.getToken();
    emulator.controls.inject({ endpoint: 'sierra.bibs.get', delayMs: 9_000 });
    const started = Date.now();
    const error = await client.fetch('bibs/1000004').catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('timeout');
    expect((error as { cause?: { name?: unknown } }).cause?.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);

  it('merges the caller’s headers: their User-Agent stays, their Authorization gives way to the token', async () => {
    const client = createClient(provider(), { userAgent: 'BranchPortal/2.1' });
    const asRecord = await client.fetch('bibs/1000004', {
      headers: {
        'User-Agent': 'Kiosk/1.0',
        Authorization: 'Bearer not-the-token',
        Accept: 'application/json',
      },
      forwardedFor: '203.0.113.9',
    });
    expect(asRecord.status).toBe(200);
    const asHeaders = await client.fetch('bibs/1000004', {
      headers: new Headers({ authorization: 'Basic eDp5', 'X-Forwarded-For': '198.51.100.1' }),
      forwardedFor: '203.0.113.10',
    });
    expect(asHeaders.status).toBe(200);
    const plain = await client.fetch('bibs/1000004', { headers: [['accept', 'application/json']] });
    expect(plain.status).toBe(200);
    const seen = emulator.controls
      .requests()
      .filter((entry) => entry.endpoint === 'sierra.bibs.get')
      .map((entry) => entry.headers);
    expect(seen).toEqual([
      { userAgent: 'Kiosk/1.0', forwardedFor: '203.0.113.9' },
      { userAgent: 'BranchPortal/2.1', forwardedFor: '203.0.113.10' },
      { userAgent: 'BranchPortal/2.1' },
    ]);
  });

  it('rejects, never throws, when the caller’s headers or URL are refused', async () => {
    const client = createClient(provider());
    await client.getToken();
    let badHeaders: Promise<Response> | undefined;
    let badUrl: Promise<Response> | undefined;
    expect(() => {
      badHeaders = client.fetch('bibs/1000004', { headers: [['not a header name', 'x']] });
      badUrl = client.fetch('https://evil.example/steal');
    }).not.toThrow();
    await expect(badHeaders).rejects.toBeInstanceOf(TypeError);
    await expect(badUrl).rejects.toMatchObject({ code: 'invalid_input' });
    // Resolved URLs are remembered, refused ones are not: the second try is refused too.
    await expect(client.fetch('https://evil.example/steal')).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await client.fetch('bibs/1000004')).status).toBe(200);
  });

  it('starts a background refresh from fetch() too, and serves the old token meanwhile', async () => {
    let now = Date.now();
    const client = createClient(provider(), { clock: () => now, jitterSeconds: 0 });
    const first = await client.getTokenSet();
    now = first.expiresAt - 80_000;
    emulator.controls.inject({ endpoint: 'sierra.token', delayMs: 150 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.fetch('bibs/1000004')));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    await waitFor(() => emulator.controls.tokenRequests() === 2);
    let next = await client.getToken();
    for (let i = 0; i < 500 && next === first.accessToken; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      next = await client.getToken();
    }
    expect(next).not.toBe(first.accessToken);
    expect(emulator.controls.tokenRequests()).toBe(2);
  });

  it('refuses to send the token to an origin that is not the provider', async () => {
    const client = createClient(provider());
    const error = await client.fetch('https://evil.example/steal').catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_input');
    expect(emulator.controls.tokenRequests()).toBe(0);
  });

  it('shares one token between two clients on one store, and keeps stores apart', async () => {
    const store = new MemoryStore();
    const a = createClient(provider(), { store });
    const b = createClient(provider(), { store });
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(ta).toBe(tb);
    expect(emulator.controls.tokenRequests()).toBe(1);
    const c = createClient(provider(), { store: new MemoryStore() });
    expect(await c.getToken()).not.toBe(ta);
    expect(emulator.controls.tokenRequests()).toBe(2);
  });

  it('invalidate() drops only the named token', async () => {
    const client = createClient(provider());
    const first = await client.getToken();
    await client.invalidate('some-other-token');
    expect(await client.getToken()).toBe(first);
    await client.invalidate(first);
    expect(await client.getToken()).not.toBe(first);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('dropping a refused token never deletes the fresh one (a store with latency)', () => {
  it('costs one token request after a restart, with every store call taking a few milliseconds', async () => {
    const emulator = await startSierra();
    try {
      const inner = new MemoryStore();
      const pause = () => new Promise((resolve) => setTimeout(resolve, 2));
      const store = {
        async get(key: string) {
          await pause();
          return inner.get(key);
        },
        async set(key: string, value: string, ttl: number) {
          await pause();
          return inner.set(key, value, ttl);
        },
        async delete(key: string) {
          await pause();
          return inner.delete(key);
        },
        async deleteIfValue(key: string, expected: string) {
          await pause();
          return inner.deleteIfValue(key, expected);
        },
      };
      const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), { store });
      await client.getToken();
      for (let round = 0; round < 5; round++) {
        emulator.controls.restart();
        const before = emulator.controls.tokenRequests();
        const responses = await Promise.all(Array.from({ length: 40 }, () => client.fetch('bibs/1000004')));
        expect(responses.every((r) => r.status === 200)).toBe(true);
        expect(emulator.controls.tokenRequests() - before).toBe(1);
      }
    } finally {
      await emulator.close();
    }
  });
});

describe('after a restart, the retry never uses another process’s token that died too', () => {
  it('fetches a new token instead of adopting a stored one issued before the refusal', async () => {
    const emulator = await startSierra();
    try {
      const store = new MemoryStore();
      const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
      // Two "processes": separate clients (separate memory caches) on one shared store.
      const a = createClient(provider, { store });
      const b = createClient(provider, { store });
      const t1 = await a.getToken();
      expect(await b.getToken()).toBe(t1);
      // B moves on to a newer token that A has not seen; then Sierra restarts and kills both.
      await b.invalidate(t1);
      const t2 = await b.getToken();
      expect(t2).not.toBe(t1);
      emulator.controls.restart();
      const before = emulator.controls.tokenRequests();
      const response = await a.fetch('bibs/1000004');
      expect(response.status).toBe(200);
      expect(emulator.controls.tokenRequests() - before).toBe(1);
      // B cannot tell A's new token from one that died in the restart (both were stored before B's call),
      // so its retry fetches its own: at most one token request per process, and the call succeeds.
      expect((await b.fetch('bibs/1000004')).status).toBe(200);
      expect(emulator.controls.tokenRequests() - before).toBe(2);
    } finally {
      await emulator.close();
    }
  });
});

describe('a token refused in the millisecond it was handed out', () => {
  it('is replaced by one token request when the new one is issued in that same millisecond', async () => {
    const emulator = await startSierra();
    try {
      // A clock that never moves: the refused token's hand-out and the new token's issue share one
      // millisecond, as they can on a fast loopback. The new token is still the one to retry with.
      const frozen = Date.now();
      const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), {
        clock: () => frozen,
      });
      await client.getToken();
      emulator.controls.restart();
      const before = emulator.controls.tokenRequests();
      expect((await client.fetch('bibs/1000004')).status).toBe(200);
      expect(emulator.controls.tokenRequests() - before).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
