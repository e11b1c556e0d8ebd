import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IlsAuthError, sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  type LoggerService,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import { Public } from './public.decorator.js';
import { startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';
import { signInPatron } from './testing/index.js';

const CARD = { barcode: '21913000000001', pin: '1234' };

@Controller()
class GuardedController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Public() // a sign-out needs no live session: a second one has nothing to end, and still answers 204
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }

  @Get('me')
  me(@Patron() patron: Patron) {
    return patron;
  }

  @Get('me/id')
  id(@Patron('patronId') patronId: string | undefined) {
    return { patronId };
  }

  @Get('me/user')
  user(@Req() req: IlsAuthRequest) {
    return { user: req.user, same: req.user === req.patron };
  }

  @Public()
  @Get('hours')
  hours(@Patron('provider') provider: string | undefined) {
    return { open: '9-18', signedInWith: provider ?? null };
  }
}

@Public()
@Controller('public')
class PublicController {
  @Get('news')
  news() {
    return { news: [] };
  }
}

@Controller()
class FailingController {
  @Get('fail/:code')
  fail(@Req() req: IlsAuthRequest) {
    const code = (req.url ?? '').split('/').pop() as
      | 'provider_unavailable'
      | 'config_invalid'
      | 'invalid_input';
    throw new IlsAuthError(code, `the ${code} message`, { cause: new Error('secret-in-the-cause') });
  }
}

let emulator: SierraEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const module = () =>
  IlsAuthModule.forRoot({
    secret: TEST_SECRET,
    providers: {
      card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
    },
  });

async function startGuarded() {
  app = await startTestApp(
    [module()],
    [GuardedController, PublicController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    { providers: [{ provide: APP_GUARD, useClass: PatronGuard }] },
  );
  return app;
}

describe('a global PatronGuard with @Public()', () => {
  it('closes every route but the @Public() ones (method or controller)', async () => {
    const { url } = await startGuarded();
    expect((await fetch(`${url}/me`)).status).toBe(401);
    expect(await (await fetch(`${url}/hours`)).json()).toEqual({ open: '9-18', signedInWith: null });
    expect((await fetch(`${url}/public/news`)).status).toBe(200);
  });

  it('answers a second sign-out (a stale cookie, another tab) with 204, not 401', async () => {
    const { url, app: nest } = await startGuarded();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    const signOut = () => fetch(`${url}/auth/logout`, { method: 'POST', headers: { cookie } });
    expect((await signOut()).status).toBe(204);
    expect((await signOut()).status).toBe(204);
    expect((await fetch(`${url}/auth/logout`, { method: 'POST' })).status).toBe(204);
    expect((await fetch(`${url}/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('still knows the patron on a public route', async () => {
    const { url, app: nest } = await startGuarded();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    const hours = await fetch(`${url}/hours`, { headers: { cookie } });
    expect(await hours.json()).toEqual({ open: '9-18', signedInWith: 'card' });
  });
});

describe('@Patron(field), req.user', () => {
  it("@Patron('patronId') is that field, not the whole patron", async () => {
    const { url, app: nest } = await startGuarded();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    expect(await (await fetch(`${url}/me/id`, { headers: { cookie } })).json()).toEqual({
      patronId: '1000001',
    });
  });

  it('a name that is not a field of Patron is refused where the controller is declared', () => {
    expect(() => Patron('email' as never)).toThrow(/@Patron\("email"\): not a field of Patron/);
  });

  it('PatronGuard sets req.user to the patron', async () => {
    const { url, app: nest } = await startGuarded();
    const { cookie } = await signInPatron(nest, 'card', CARD);
    const body = await (await fetch(`${url}/me/user`, { headers: { cookie } })).json();
    expect(body).toMatchObject({ same: true, user: { provider: 'card', patronId: '1000001' } });
  });
});

describe('signInPatron() from @ils-auth/nestjs/testing', () => {
  it('starts a real session the app accepts; a wrong PIN is refused by the provider', async () => {
    const { url, app: nest } = await startGuarded();
    const signedIn = await signInPatron(nest, 'card', CARD);
    expect(signedIn.cookie).toMatch(/^ils_session=card\./);
    expect(signedIn.patron).toMatchObject({ provider: 'card', patronId: '1000001' });
    expect(await (await fetch(`${url}/me`, { headers: { cookie: signedIn.cookie } })).json()).toMatchObject({
      patronId: '1000001',
    });
    await expect(signInPatron(nest, 'card', { ...CARD, pin: '0000' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });
});

describe('guard names are checked when the app starts', () => {
  @Controller()
  class MisspeltController {
    @Get('login')
    @UseGuards(IlsLoginGuard('crad'))
    login() {}
  }

  it('IlsLoginGuard("crad") stops the module from compiling, naming the guard and the providers', async () => {
    const compiling = Test.createTestingModule({
      imports: [module()],
      controllers: [MisspeltController],
    }).compile();
    await expect(compiling).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(
        /IlsLoginGuard\("crad"\): no such provider with sign-in in IlsAuthModule \(card\)/,
      ),
    });
  });
});

describe('5xx answers are logged through Nest’s Logger', () => {
  it('one line per 5xx status and code a minute, with the code and message (no stack, no cause); 4xx are not logged', async () => {
    const lines: { level: string; message: string; context: unknown }[] = [];
    const record =
      (level: string) =>
      (message: unknown, ...rest: unknown[]) =>
        lines.push({ level, message: String(message), context: rest.at(-1) });
    const logger: LoggerService = { log: record('log'), error: record('error'), warn: record('warn') };
    app = await startTestApp(
      [],
      [FailingController],
      (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
      { logger },
    );
    for (let i = 0; i < 20; i++)
      expect((await fetch(`${app.url}/fail/provider_unavailable`)).status).toBe(503);
    expect((await fetch(`${app.url}/fail/config_invalid`)).status).toBe(500);
    expect((await fetch(`${app.url}/fail/invalid_input`)).status).toBe(400);
    const ours = lines.filter((line) => line.context === 'IlsAuth');
    expect(ours).toEqual([
      {
        level: 'warn',
        message: 'ils-auth: 503 provider_unavailable: the provider_unavailable message',
        context: 'IlsAuth',
      },
      {
        level: 'error',
        message: 'ils-auth: 500 config_invalid: the config_invalid message',
        context: 'IlsAuth',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-in-the-cause');
  });
});

describe('app.close()', () => {
  it('closes the RedisStore given as store, so the process can end', { timeout: 30_000 }, async () => {
    const binary = redisServerForTests();
    if (!binary) return; // redisServerForTests() throws under CI
    const redis = await RedisServer.launch(binary);
    try {
      // A separate process: with the store's connection left open, it would never exit by itself.
      const script = `
        import 'reflect-metadata';
        import { NestFactory } from '@nestjs/core';
        import { RedisStore } from '@ils-auth/redis';
        import { sierra } from '@ils-auth/core';
        import { IlsAuthModule, IlsAuthService } from './dist/esm/index.js';
        const store = new RedisStore({ url: ${JSON.stringify(redis.url)}, encryptionKey: "${'ab'.repeat(32)}" });
        const app = await NestFactory.createApplicationContext(
          IlsAuthModule.forRoot({ secret: ${JSON.stringify(TEST_SECRET)}, store, providers: {
            card: { provider: sierra({ baseUrl: ${JSON.stringify(emulator.url)}, clientId: 'test-client', clientSecret: 'test-client-secret' }), signIn: 'pin' } } }),
          { logger: false },
        );
        await store.set('opened', 'yes', 60_000);
        await app.close();
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = await new Promise<number | 'hung'>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve('hung');
        }, 10_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code ?? -1);
        });
      });
      expect({ exited, stderr }).toEqual({ exited: 0, stderr: '' });
    } finally {
      await redis.kill();
    }
  });
});
