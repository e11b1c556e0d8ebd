import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, Get, HttpCode, Post, type Type, UseGuards } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as source from './index.js';
import { CookieJar, startTestApp, TEST_SECRET } from './test-support/test-app.js';

// The package is built by tsc (decorator metadata) twice, ESM and CommonJS; turbo runs `build` before `test`.
// By hand: npm run build.
const distDir = fileURLToPath(new URL('../dist/esm/', import.meta.url));
const cjsDir = fileURLToPath(new URL('../dist/cjs/', import.meta.url));

let emulator: SierraEmulator;
beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(() => emulator.close());

describe('the built package (dist/)', () => {
  test('exists and exports the same names as the source', async () => {
    expect(existsSync(`${distDir}index.js`), 'dist/index.js is missing: run npm run build').toBe(true);
    const built = (await import(`${distDir}index.js`)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });

  test('the CommonJS build loads with require() and exports the same names, ./testing too', async () => {
    const require = createRequire(import.meta.url);
    const built = require(`${cjsDir}index.js`) as Record<string, unknown>;
    expect(
      Object.keys(built)
        .filter((name) => name !== '__esModule')
        .sort(),
    ).toEqual(Object.keys(source).sort());
    const testing = require(`${cjsDir}testing/index.js`) as Record<string, unknown>;
    const testingSource = await import('./testing/index.js');
    expect(
      Object.keys(testing)
        .filter((name) => name !== '__esModule')
        .sort(),
    ).toEqual(Object.keys(testingSource).sort());
    // The guard's constructor still names what Nest injects: decorator metadata survived the CJS build.
    const guard = built.PatronGuard as object;
    expect(Reflect.getMetadata('self:paramtypes', guard)).toHaveLength(2);
  });

  test('a Nest app made from the built module, guards and decorator signs a patron in', async () => {
    const built = (await import(`${distDir}index.js`)) as typeof source;

    @Controller()
    class BuiltController {
      @Post('login')
      @HttpCode(200)
      @UseGuards(built.IlsLoginGuard('card'))
      login(@built.Patron() patron: source.Patron) {
        return patron;
      }

      @Get('me')
      @UseGuards(built.PatronGuard)
      me(@built.Patron() patron: source.Patron) {
        return patron;
      }
    }

    const app = await startTestApp(
      [
        built.IlsAuthModule.forRoot({
          secret: TEST_SECRET,
          providers: {
            card: { provider: sierra({ baseUrl: emulator.url, ...emulator.credentials }), signIn: 'pin' },
          },
        }),
      ],
      [BuiltController as Type<unknown>],
      (nest) => nest.useGlobalFilters(new built.IlsAuthExceptionFilter()),
    );
    try {
      const browser = new CookieJar();
      const login = await browser.fetch(`${app.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ barcode: '21913000000001', pin: '1234' }),
      });
      expect(login.status).toBe(200);
      expect(await (await browser.fetch(`${app.url}/me`)).json()).toMatchObject({ patronId: '1000001' });
      const wrong = await fetch(`${app.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ barcode: '21913000000001', pin: '0000' }),
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    } finally {
      await app.close();
    }
  });
});
