import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import { rero, sierra } from '@ils-auth/core';
import { type ReroEmulator, type SierraEmulator, startRero, startSierra } from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import type { IlsAuthModuleOptions } from './options.js';
import { Patron } from './patron.js';
import { AccountController } from './test-support/account.controller.js';
import { CookieJar, startTestApp, TEST_SECRET, type TestApp } from './test-support/test-app.js';

// The rules the Express router enforces, through the Nest guards: each failed before this package was
// built on core's web layer.

@Controller('auth')
class AuthController {
  @Post('card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Patron() patron: Patron) {
    return { patron };
  }

  @Get('rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}
}

let sierraEmulator: SierraEmulator;
let reroEmulator: ReroEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  [sierraEmulator, reroEmulator] = await Promise.all([startSierra(), startRero()]);
});
afterAll(async () => {
  await Promise.all([sierraEmulator.close(), reroEmulator.close()]);
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: Partial<IlsAuthModuleOptions> = {}): Promise<TestApp> {
  app = await startTestApp(
    [
      IlsAuthModule.forRoot({
        secret: TEST_SECRET,
        providers: {
          card: {
            provider: sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials }),
            signIn: 'pin',
          },
          rero: rero({ baseUrl: reroEmulator.url, ...reroEmulator.credentials }),
        },
        ...options,
      }),
    ],
    [AuthController, AccountController],
    (nest) => nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
  return app;
}

function pinPost(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${url}/auth/card/login`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers,
    redirect: 'manual',
  });
}

const validations = () =>
  sierraEmulator.controls.requests().filter((entry) => entry.path.endsWith('/patrons/validate')).length;

/** A GET with a `Host` header of our choosing, which fetch() does not allow. */
function getWithHost(url: string, host: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('login CSRF: a sign-in form posted by another site', () => {
  it('is refused with 403 cross_site_request before Sierra sees the PIN, by Origin or Sec-Fetch-Site', async () => {
    const { url } = await start();
    sierraEmulator.controls.clearRequests();
    const right = { barcode: '21913000000001', pin: '1234' };
    const crossSite: Record<string, string>[] = [
      { origin: 'http://attacker.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'http://attacker.example/auto-submit.html' },
    ];
    for (const headers of crossSite) {
      const answer = await pinPost(url, right, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(((await answer.json()) as { error: string }).error).toBe('cross_site_request');
      expect(answer.headers.getSetCookie().some((c) => c.startsWith('ils_session='))).toBe(false);
    }
    expect(validations()).toBe(0);
    // This site's own form, and a typed or bookmarked request, pass.
    expect((await pinPost(url, right, { origin: url })).status).toBe(200);
    expect((await pinPost(url, right, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('trustedOrigins lets a separate front end post the form', async () => {
    const { url } = await start({ trustedOrigins: ['https://app.example.org'] });
    const right = { barcode: '21913000000001', pin: '1234' };
    expect((await pinPost(url, right, { origin: 'https://app.example.org' })).status).toBe(200);
    expect((await pinPost(url, right, { origin: 'https://other.example.org' })).status).toBe(403);
  });
});

describe('the PIN throttle', () => {
  it('counts one card however its number is spaced or cased', async () => {
    const { url } = await start({ throttle: { barcode: { max: 2, windowSeconds: 60 } } });
    expect((await pinPost(url, { barcode: ' 21913000000005', pin: '0000' })).status).toBe(401);
    expect((await pinPost(url, { barcode: '2191 3000 0000 05 ', pin: '0000' })).status).toBe(401);
    sierraEmulator.controls.clearRequests();
    const blocked = await pinPost(url, { barcode: '21913000000005', pin: '5555' });
    expect(blocked.status).toBe(429);
    expect(validations()).toBe(0);
  });

  it('lets at most the limit of 20 parallel wrong PINs for one card reach Sierra', async () => {
    const { url } = await start({
      throttle: { barcode: { max: 3, windowSeconds: 60 }, ip: { max: 100, windowSeconds: 60 } },
    });
    sierraEmulator.controls.clearRequests();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pinPost(url, { barcode: '21913000000005', pin: `00${i}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(17);
    expect(validations()).toBe(3);
  });
});

describe('the redirect URI', () => {
  it('is never built from a malformed Host: 400, no redirect', async () => {
    const { url } = await start();
    for (const host of ['evil.com#', 'evil.com/x', 'a@evil.com']) {
      const answer = await getWithHost(`${url}/auth/rero/login`, host);
      expect(answer.status, host).toBe(400);
      expect(answer.location).toBeUndefined();
    }
  });

  it('with allowedHosts, another Host is 400', async () => {
    const { url } = await start({ allowedHosts: ['catalogue.example.org'] });
    expect((await getWithHost(`${url}/auth/rero/login`, 'evil.com')).status).toBe(400);
    const ours = await getWithHost(`${url}/auth/rero/login`, 'catalogue.example.org');
    expect(ours.status).toBe(302);
    expect(new URL(ours.location!).searchParams.get('redirect_uri')).toBe(
      'http://catalogue.example.org/auth/rero/callback',
    );
  });

  it('with origin, comes from configuration whatever the Host says', async () => {
    const { url } = await start({ origin: 'https://catalogue.example.org' });
    const answer = await getWithHost(`${url}/auth/rero/login`, 'evil.com');
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!).searchParams.get('redirect_uri')).toBe(
      'https://catalogue.example.org/auth/rero/callback',
    );
  });
});

describe('sign-in answers', () => {
  it('are never cached: Cache-Control no-store on the PIN sign-in and on the redirect to the provider', async () => {
    const { url } = await start();
    const signedIn = await pinPost(url, { barcode: '21913000000001', pin: '1234' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const refused = await pinPost(url, { barcode: '21913000000001', pin: '0000' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const redirect = await fetch(`${url}/auth/rero/login`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
  });
});

describe('session fixation', () => {
  it('a session cookie planted before sign-in is replaced, and its session ended', async () => {
    const { url } = await start();
    const attacker = new CookieJar();
    await attacker.fetch(`${url}/auth/card/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '21913000000003', pin: '4321' }),
    });
    const planted = attacker.cookies.get('ils_session')!;
    const victim = new CookieJar();
    victim.cookies.set('ils_session', planted);
    expect(
      (
        await victim.fetch(`${url}/auth/card/login`, {
          method: 'POST',
          body: new URLSearchParams({ barcode: '21913000000001', pin: '1234' }),
        })
      ).status,
    ).toBe(200);
    expect(victim.cookies.get('ils_session')).not.toBe(planted);
    expect(((await (await victim.fetch(`${url}/account`)).json()) as { patronId: string }).patronId).toBe(
      '1000001',
    );
    expect((await attacker.fetch(`${url}/account`)).status).toBe(401);
  });
});
