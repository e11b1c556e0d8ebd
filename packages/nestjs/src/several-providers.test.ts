import 'reflect-metadata';
import { rero, sierra } from '@ils-auth/core';
import {
  type ReroEmulator,
  type SierraEmulator,
  signInOnRero,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  type LoggerService,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService } from './ils-auth.service.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import { PatronGuard } from './patron.guard.js';
import { Patron } from './patron.js';
import {
  CookieJar,
  PLATFORMS,
  startTestApp,
  TEST_SECRET,
  type TestApp,
  type TestAppOptions,
} from './test-support/test-app.js';

const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };
const RITA = { barcode: '21913000000001', pin: '1234' };

@Controller()
class PortalController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Req() req: IlsAuthRequest) {
    return { signedIn: Object.keys(req.patrons ?? {}) };
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Patron('provider') provider: string) {
    return { provider };
  }

  @Get('portal')
  @UseGuards(PatronGuard)
  portal(@Patron() patron: Patron, @Req() req: IlsAuthRequest) {
    return { first: patron.provider, signedIn: Object.keys(req.patrons ?? {}) };
  }

  // The catalogue record needs the card session in particular.
  @Get('portal/card-record')
  @UseGuards(PatronGuard)
  async cardRecord(@Req() req: IlsAuthRequest) {
    const answer = await this.ils.patronFetch(req, 'patrons/1000001', { provider: 'card' });
    return { status: answer.status };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logoutAll(
    @Req() req: IlsAuthRequest,
    @Res({ passthrough: true }) res: IlsAuthPlatformResponse,
    @Query('everywhere') everywhere?: string,
  ) {
    await this.ils.logout(req, res, { everywhere: everywhere === 'true' });
  }

  @Post('auth/:provider/logout')
  @HttpCode(204)
  async logoutOne(
    @Param('provider') provider: string,
    @Req() req: IlsAuthRequest,
    @Res({ passthrough: true }) res: IlsAuthPlatformResponse,
  ) {
    await this.ils.logout(req, res, { provider });
  }
}

let reroEmulator: ReroEmulator;
let sierraEmulator: SierraEmulator;
let app: TestApp;

beforeAll(async () => {
  [reroEmulator, sierraEmulator] = await Promise.all([startRero(), startSierra()]);
});
afterAll(() => Promise.all([reroEmulator.close(), sierraEmulator.close()]));
afterEach(() => app?.close());

async function start(cardSessionSeconds = 3600, testOptions: TestAppOptions = {}): Promise<void> {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          rero: rero({ baseUrl: reroEmulator.url, ...reroEmulator.credentials }),
          card: {
            provider: sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials }),
            signIn: 'pin',
            loginPage: '/sign-in',
            sessionTtlSeconds: cardSessionSeconds,
          },
        },
      }),
    ],
    [PortalController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
    testOptions,
  );
}

async function signInToCard(browser: CookieJar): Promise<string[]> {
  const card = await browser.fetch(`${app.url}/auth/card/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(RITA),
  });
  return ((await card.json()) as { signedIn: string[] }).signedIn;
}

async function signInToBoth(browser: CookieJar): Promise<void> {
  expect(await signInToCard(browser)).toEqual(['card']);
  const start = await browser.fetch(`${app.url}/auth/rero/login`);
  const callback = await signInOnRero(start.headers.get('location')!, JEAN.email, JEAN.password);
  expect(await (await browser.fetch(callback)).json()).toEqual({ provider: 'rero' });
}

const portalOf = async (browser: CookieJar) => (await browser.fetch(`${app.url}/portal`)).json();

describe('several providers signed in at once', () => {
  it('drops an ended session from the cookie and sends re-sign-in to its provider, not the first one', async () => {
    await start(1);
    const browser = new CookieJar();
    await signInToBoth(browser);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await portalOf(browser)).toEqual({ first: 'rero', signedIn: ['rero'] });
    expect(browser.cookies.get('ils_session')).toMatch(/^rero\.[^.]+$/);
    // The same request both finds the card session over and needs it: sign in to the card again.
    expect(await signInToCard(browser)).toEqual(['rero', 'card']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const record = await browser.fetch(`${app.url}/portal/card-record`);
    expect(record.status).toBe(401);
    expect(await record.json()).toMatchObject({
      error: 'session_expired',
      loginUrl: '/sign-in?returnTo=%2Fportal%2Fcard-record',
    });
  });
});

/** Every line Nest and the exception filter write, by level. */
function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const record =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      lines.push({ level, text: [message, ...rest].map(String).join(' ') });
  const logger: LoggerService = {
    log: record('log'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  return { lines, logger };
}

// `logoutOne` passes the name from the URL to logout() unchecked, as an app may well do.
describe.each(PLATFORMS)('POST auth/<unknown provider>/logout on %s', (platform) => {
  it('answers 404 unknown_provider, 50 times, without one error-level log line', async () => {
    const { lines, logger } = recordingLogger();
    await start(3600, { platform, logger });
    for (let i = 0; i < 50; i++) {
      const answer = await fetch(`${app.url}/auth/nope-${i}/logout`, { method: 'POST' });
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({ statusCode: 404, error: 'unknown_provider' });
    }
    // A configured name still signs out: the check is on the name, not on the route.
    expect((await fetch(`${app.url}/auth/card/logout`, { method: 'POST' })).status).toBe(204);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
