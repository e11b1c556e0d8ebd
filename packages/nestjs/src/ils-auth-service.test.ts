import 'reflect-metadata';
import { inspect } from 'node:util';
import { MemoryStore, overdrive, rero, sierra } from '@ils-auth/core';
import { type OverDriveEmulator, type SierraEmulator, startOverDrive, startSierra } from '@ils-auth/emulator';
import { Controller, Get, Inject, Injectable, Module, Param, Req, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import type { IlsAuthModuleOptions } from './options.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

@Controller('api')
class CatalogueController {
  // @Inject names the token: a type-only import (as linters suggest) would lose the decorator metadata.
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Get('bibs/:id')
  async bib(@Param('id') id: string, @Req() req: IlsAuthRequest) {
    const answer = await this.ils
      .client('sierra')
      .fetch(`bibs/${encodeURIComponent(id)}`, { forwardedFor: req.ip });
    return { status: answer.status, bib: await answer.json() };
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron() patron: Patron) {
    return patron;
  }
}

/** Options from a config service, as forRootAsync is meant for. */
@Injectable()
class LibraryConfig {
  static sierraUrl = '';
  static credentials = { clientId: '', clientSecret: '' };
  ilsAuthOptions(): IlsAuthModuleOptions {
    return {
      secret: TEST_SECRET,
      store: new MemoryStore(),
      providers: { sierra: sierra({ baseUrl: LibraryConfig.sierraUrl, ...LibraryConfig.credentials }) },
      clientOptions: { userAgent: 'NestTest/1.0' },
    };
  }
}

@Module({ providers: [LibraryConfig], exports: [LibraryConfig] })
class LibraryConfigModule {}

let emulator: SierraEmulator;
let od: OverDriveEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  [emulator, od] = await Promise.all([startSierra(), startOverDrive()]);
  LibraryConfig.sierraUrl = emulator.url;
  LibraryConfig.credentials = emulator.credentials;
});
afterAll(async () => {
  await Promise.all([emulator.close(), od.close()]);
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  emulator.controls.clearFaults();
});

const sierraModule = () =>
  IlsAuthModule.forRoot({
    secret: TEST_SECRET,
    providers: { sierra: sierra({ baseUrl: emulator.url, ...emulator.credentials }) },
  });

describe('IlsAuthService.client(name)', () => {
  it('calls Sierra with the shared app token (forRoot), and survives a Sierra restart with one extra token request', async () => {
    app = await startTestApp([sierraModule()], [CatalogueController], (nest) =>
      nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    );
    emulator.controls.clearRequests();
    for (let call = 0; call < 3; call += 1) {
      const answer = await fetch(`${app.url}/api/bibs/1000004`);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { status: number; bib: { id: string } };
      expect(body.status).toBe(200);
      expect(String(body.bib.id)).toBe('1000004');
    }
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    // The patron's IP reached Sierra as X-Forwarded-For.
    const bibCall = emulator.controls.requests().find((entry) => entry.path.includes('/bibs/1000004'));
    expect(bibCall?.headers.forwardedFor).toBe('127.0.0.1');

    emulator.controls.restart(); // every token revoked
    const after = await fetch(`${app.url}/api/bibs/1000004`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { status: number }).status).toBe(200);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(2);
  });

  it('works with forRootAsync({ imports, inject, useFactory })', async () => {
    app = await startTestApp(
      [
        IlsAuthModule.forRootAsync({
          imports: [LibraryConfigModule],
          inject: [LibraryConfig],
          useFactory: (config: LibraryConfig) => config.ilsAuthOptions(),
        }),
      ],
      [CatalogueController],
    );
    emulator.controls.clearRequests();
    const answer = await fetch(`${app.url}/api/bibs/1000004`);
    expect(answer.status).toBe(200);
    expect(emulator.controls.tokenRequests('sierra.token')).toBe(1);
    const bibCall = emulator.controls.requests().find((entry) => entry.path.includes('/bibs/1000004'));
    expect(bibCall?.headers.userAgent).toContain('NestTest/1.0');
  });

  it('isGlobal makes the service injectable in another module without importing IlsAuthModule there', async () => {
    @Module({ controllers: [CatalogueController] })
    class FeatureModule {}
    app = await startTestApp(
      [
        IlsAuthModule.forRoot({
          isGlobal: true,
          secret: TEST_SECRET,
          providers: { sierra: sierra({ baseUrl: emulator.url, ...emulator.credentials }) },
        }),
        FeatureModule,
      ],
      [],
    );
    expect((await fetch(`${app.url}/api/bibs/1000004`)).status).toBe(200);
  });

  it('an outage reaches the client as 503 provider_unavailable JSON through the filter', async () => {
    app = await startTestApp([sierraModule()], [CatalogueController], (nest) =>
      nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    );
    emulator.controls.restart();
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 7, times: 10 });
    const answer = await fetch(`${app.url}/api/bibs/1000004`);
    const text = await answer.text();
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(text)).toEqual({
      statusCode: 503,
      error: 'provider_unavailable',
      message: expect.any(String),
    });
    expect(text).not.toContain(emulator.credentials.clientSecret);
    expect(text).not.toMatch(/\n\s+at /); // no stack
  });

  it('client() of a provider without an app token, or of an unknown name, is config_invalid', async () => {
    app = await startTestApp(
      [
        IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: { rero: rero({ clientId: 'a', clientSecret: 'b' }) },
        }),
      ],
      [],
    );
    const service = app.app.get(IlsAuthService);
    expect(() => service.client('rero')).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    expect(() => service.client('nope')).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    expect(service.providers).toEqual(['rero']);
    expect(JSON.stringify(service)).not.toContain('b"');
    expect(inspect(service)).toBe("IlsAuthService { providers: [ 'rero' ] }");
  });

  it('OverDrive app token: client("overdrive") reaches the Discovery API', async () => {
    const c = od.credentials;
    app = await startTestApp(
      [
        IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: {
            overdrive: overdrive({
              clientId: c.clientId,
              clientSecret: c.clientSecret,
              oauthUrl: od.oauthUrl,
              patronOauthUrl: od.patronOauthUrl,
              apiUrl: od.apiUrl,
              patronApiUrl: od.patronApiUrl,
            }),
          },
        }),
      ],
      [],
    );
    const client = app.app.get(IlsAuthService).client('overdrive');
    const answer = await client.fetch(`v1/libraries/${od.libraryId}`);
    expect(answer.status).toBe(200);
  });
});
