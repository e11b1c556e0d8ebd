import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller()
class OpsController {
  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  login() {
    return {};
  }
}

let emulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(() => emulator.close());
afterEach(async () => {
  emulator.controls.clearFaults();
  await app?.close();
});

async function start(): Promise<void> {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
        },
      }),
    ],
    [OpsController],
  );
}

describe('a provider outage', () => {
  it('is answered 503 with Retry-After by the guard, even without IlsAuthExceptionFilter', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30, times: 5 });
    const login = await fetch(`${app.url}/auth/card/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ barcode: '21913000000001', pin: '1234' }),
    });
    expect(login.status).toBe(503);
    expect(Number(login.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(await login.json()).toMatchObject({ error: 'provider_unavailable' });
  });
});
