import { setTimeout as sleep } from 'node:timers/promises';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
  app = await startTestApp({
    providers: { sierra: sierra({ baseUrl: emulator.url, ...emulator.credentials }) },
  });
});
afterAll(async () => {
  await app.close();
  await emulator.close();
});

interface Report {
  healthy: boolean;
  tokens: { provider: string; tokenValidUntil?: number; backoff: { backingOff: boolean } }[];
}

const health = async () => {
  const answer = await fetch(`${app.url}/health`);
  return {
    status: answer.status,
    cache: answer.headers.get('cache-control'),
    report: (await answer.json()) as Report,
  };
};

describe('ilsAuthHealth(): core’s healthReport() as a route', () => {
  it('503 while the token requests back off with no valid token, 200 once a token was obtained', async () => {
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 1 });
    expect((await fetch(`${app.url}/app/sierra/bibs/1000004`)).status).toBe(503);
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.cache).toBe('no-store');
    expect(down.report.healthy).toBe(false);
    expect(down.report.tokens).toMatchObject([{ provider: 'sierra', backoff: { backingOff: true } }]);

    await sleep(1100);
    expect((await fetch(`${app.url}/app/sierra/bibs/1000004`)).status).toBe(200);
    const up = await health();
    expect(up.status).toBe(200);
    expect(up.report.healthy).toBe(true);
    expect(up.report.tokens[0]!.tokenValidUntil).toBeGreaterThan(Date.now());
    expect(JSON.stringify(up.report)).not.toContain(emulator.credentials.clientSecret);
  });

  it('503 with the refusal code, and no secret, while the token endpoint refuses the client secret', async () => {
    const wrongSecret = 'wrong-secret-for-health';
    const refused = await startTestApp({
      providers: {
        sierra: sierra({
          baseUrl: emulator.url,
          clientId: emulator.credentials.clientId,
          clientSecret: wrongSecret,
        }),
      },
    });
    try {
      expect((await fetch(`${refused.url}/app/sierra/bibs/1000004`)).status).toBeGreaterThanOrEqual(500);
      const answer = await fetch(`${refused.url}/health`);
      expect(answer.status).toBe(503);
      const text = await answer.text();
      expect((JSON.parse(text) as Report).tokens).toContainEqual(
        expect.objectContaining({
          healthy: false,
          refused: expect.objectContaining({ code: 'invalid_client' }),
        }),
      );
      expect(text).not.toContain(wrongSecret);
    } finally {
      await refused.close();
    }
  });
});
