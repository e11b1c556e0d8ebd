// Its own file: core's health report covers every client of the process (vitest isolates files).
import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthHealthIndicator } from './ils-auth.health.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller()
class OpsController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(IlsAuthHealthIndicator) private readonly ils: IlsAuthHealthIndicator,
    @Inject(IlsAuthService) private readonly service: IlsAuthService,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.ils.isHealthy('library')]);
  }

  @Get('bib')
  async bib() {
    return (await this.service.client('card').fetch('bibs/1000004')).status;
  }

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
      TerminusModule,
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

describe('IlsAuthHealthIndicator in a @nestjs/terminus health check', () => {
  it('is down (503) while token requests back off with no valid token, and up once Sierra answers', async () => {
    await start();
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 1, times: 1 });
    expect((await fetch(`${app.url}/bib`)).status).not.toBe(200);
    const down = await fetch(`${app.url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'error',
      error: { library: { status: 'down', healthy: false, tokens: [{ provider: 'sierra' }] } },
    });

    await new Promise((resolve) => setTimeout(resolve, 1100)); // Sierra's Retry-After
    expect(await (await fetch(`${app.url}/bib`)).json()).toBe(200);
    const up = await fetch(`${app.url}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      status: 'ok',
      details: { library: { status: 'up', healthy: true } },
    });
  });
});
