import { setTimeout as sleep } from 'node:timers/promises';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { Logger } from '../internal/logger.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

/** A logger that keeps what it was told, as an operator's log would. */
function recordingLogger(): Logger & { lines: { message: string; context?: Record<string, unknown> }[] } {
  const lines: { message: string; context?: Record<string, unknown> }[] = [];
  const keep = (message: string, context?: Record<string, unknown>) => {
    lines.push({ message, context });
  };
  return { lines, warn: keep, error: keep };
}

async function outcome(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    (value) => value,
    (error: unknown) => error,
  );
}

describe('token requests while the provider is down', () => {
  let emulator: SierraEmulator;
  const client = (options: ClientOptions = {}) =>
    createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }), {
      store: new MemoryStore(),
      ...options,
    });
  beforeAll(async () => {
    emulator = await startSierra();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.controls.clearFaults();
    emulator.controls.clearRequests();
  });

  it('makes at most 3 token requests per Retry-After window for 200 concurrent callers, and fails the rest fast', async () => {
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 2, times: 1_000_000 });
    const logger = recordingLogger();
    const app = client({ logger });
    const started = performance.now();
    const until = started + 5_000;
    const failFastMs: number[] = [];
    const codes = new Set<string>();
    const retryAfters = new Set<number | undefined>();
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        while (performance.now() < until) {
          const asked = performance.now();
          const result = await outcome(app.getToken());
          failFastMs.push(performance.now() - asked);
          if (result instanceof IlsAuthError) {
            codes.add(result.code);
            retryAfters.add(result.retryAfter);
          }
          await sleep(5);
        }
      }),
    );
    const windows = Math.ceil((performance.now() - started) / 2_000);
    const tokenRequests = emulator.controls.tokenRequests('sierra.token');
    expect(tokenRequests).toBeGreaterThanOrEqual(1);
    expect(tokenRequests).toBeLessThanOrEqual(3 * windows);
    expect(failFastMs.length).toBeGreaterThan(20 * tokenRequests);
    expect([...codes]).toEqual(['provider_unavailable']);
    for (const seconds of retryAfters) expect(seconds).toBeGreaterThanOrEqual(1);
    failFastMs.sort((a, b) => a - b);
    expect(failFastMs[Math.floor(failFastMs.length / 2)]).toBeLessThan(50);

    // The provider comes back: one line said the outage started, one says it ended, with counts.
    emulator.controls.clearFaults();
    await sleep(2_100);
    expect(await app.getToken()).toMatch(/\S/);
    const messages = logger.lines.map((line) => line.message);
    expect(messages.filter((m) => m.includes('outage started'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('outage ended'))).toHaveLength(1);
    const ended = logger.lines.find((line) => line.message.includes('outage ended'))?.context;
    expect(ended).toMatchObject({ provider: 'sierra', failedTokenRequests: tokenRequests });
    expect(ended?.failedFast).toBeGreaterThan(0);
  });

  it('backs off exponentially when the provider gives no Retry-After', async () => {
    emulator.controls.inject({ endpoint: 'sierra.token', status: 500, times: 1_000_000 });
    const app = client();
    const first = await outcome(app.getToken());
    expect(first).toMatchObject({ code: 'provider_unavailable', status: 500 });
    const second = await outcome(app.getToken());
    expect(second).toMatchObject({ code: 'provider_unavailable', status: undefined });
    expect((second as IlsAuthError).retryAfter).toBeGreaterThanOrEqual(1);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
  });

  it('shares the backoff with every client of the process that uses the same store', async () => {
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30, times: 1_000_000 });
    const store = new MemoryStore();
    await outcome(client({ store }).getToken());
    const other = await outcome(client({ store }).getToken());
    expect(other).toMatchObject({ code: 'provider_unavailable' });
    expect((other as IlsAuthError).retryAfter).toBeGreaterThan(25);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
  });

  it('keeps serving a still-valid token while its refresh fails', async () => {
    let offsetMs = 0;
    const app = client({ clock: () => Date.now() + offsetMs, jitterSeconds: 0 });
    const token = await app.getToken();
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30, times: 1_000_000 });
    // An hour's token a minute before it expires: inside its refresh window, outside the 30 s skew.
    offsetMs = 3_600_000 - 60_000;
    for (let i = 0; i < 50; i++) {
      expect(await app.getToken()).toBe(token);
      await sleep(2);
    }
    // The first token, then one refresh that failed; the backoff kept the others from reaching Sierra.
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(2);
  });
});
