import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as source from './index.js';
import { COOKIE_SECRET, post } from './testing/flows.js';
import { startTestApp } from './testing/test-app.js';

// Passport apps are often CommonJS: the built package must work from require() as well as from import.
// turbo runs `build` before `test`; run `npx tsup` first when testing by hand.
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const require = createRequire(import.meta.url);

let sierra: SierraEmulator;
beforeAll(async () => {
  sierra = await startSierra();
});
afterAll(() => sierra.close());

describe('the built package (dist/)', () => {
  test('exists, and its CJS and ESM builds export the same names as the source', async () => {
    expect(existsSync(`${distDir}index.cjs`), 'dist/index.cjs is missing: run npx tsup').toBe(true);
    const cjs = require(`${distDir}index.cjs`) as Record<string, unknown>;
    const esm = (await import(`${distDir}index.js`)) as Record<string, unknown>;
    const names = Object.keys(source).sort();
    expect(Object.keys(cjs).sort()).toEqual(names);
    expect(Object.keys(esm).sort()).toEqual(names);
  });

  test('a strategy from the CJS build signs a patron in and fails a wrong PIN with 401', async () => {
    const cjs = require(`${distDir}index.cjs`) as typeof source;
    const strategy = new cjs.SierraPinStrategy(
      { baseUrl: sierra.url, ...sierra.credentials, secret: COOKIE_SECRET },
      async (profile) => ({ id: profile.id }),
    );
    const app = await startTestApp({ strategies: [strategy] });
    try {
      const ok = await post(`${app.url}/login/sierra-pin`, { barcode: '21913000000001', pin: '1234' });
      expect(ok.body).toMatchObject({ kind: 'success', user: { id: '1000001' } });
      const wrong = await post(`${app.url}/login/sierra-pin`, { barcode: '21913000000001', pin: '0000' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.info.code).toBe('invalid_credentials');
    } finally {
      await app.close();
    }
  });
});
