import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET, type TestApp } from './testing/test-app.js';

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
  app = await startTestApp(
    { providers: { sierra: sierra({ baseUrl: emulator.url, ...emulator.credentials }) } },
    undefined,
    { logIntervalSeconds: 2 },
  );
});
afterAll(async () => {
  await app.close();
  await emulator.close();
});

describe("a provider's 503 Retry-After through ilsAuthErrorHandler()", () => {
  it('answers every waiting request 503 with Retry-After from the shared backoff, and logs one line, then a count', async () => {
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30, times: 1000 });
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => fetch(`${app.url}/app/sierra/bibs/1000004`)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(29);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('provider_unavailable');
    }
    // The backoff, not the load, decides how often Sierra is asked.
    expect(emulator.controls.tokenRequests('sierra.token')).toBeLessThanOrEqual(3);
    expect(app.serverErrors).toHaveLength(60);
    expect(app.logLines).toHaveLength(1);
    expect(app.logLines[0]).toMatch(/^warn ils-auth: 503 provider_unavailable: /);
    expect(app.logLines[0]).not.toContain('\n    at ');
    expect(app.logLines.join('\n')).not.toContain(emulator.credentials.clientSecret);

    await new Promise((resolve) => setTimeout(resolve, 2300));
    expect(app.logLines.slice(1)).toEqual([
      'warn ils-auth: 59 more "503 provider_unavailable" in the last 2 s',
    ]);
  });

  it("an application's own bug is logged with its stack, once per interval, never shown", async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${app.url}/boom`)));
    for (const answer of answers) {
      expect(answer.status).toBe(500);
      expect(await answer.text()).not.toContain(TEST_SECRET);
    }
    expect(app.logLines.filter((line) => line.includes('internal_error'))).toEqual([
      'error ils-auth: 500 internal_error: an unexpected Error',
    ]);
  });
});
