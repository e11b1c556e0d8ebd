import { readFile } from 'node:fs/promises';
import type { SierraEmulator } from '@ils-auth/emulator';
import { signInOnSierraPage } from '@ils-auth/emulator';
import { readmeBlock, readmeExample } from '@ils-auth/test-support';
import { type INestApplication, Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from './test-support/test-app.js';

const README = new URL('../README.md', import.meta.url);
const EXAMPLE = new URL('./test-support/readme-example.ts', import.meta.url);
const VITEST_EXAMPLE = new URL('./test-support/readme-vitest.test.ts', import.meta.url);

let app: INestApplication;
let emulator: SierraEmulator;
let url: string;

beforeAll(async () => {
  process.env.PORT = '0';
  Logger.overrideLogger(false); // the example logs its start-up, as an app should; not in test output
  const example = await import('./test-support/readme-example.js');
  app = example.app;
  emulator = example.emulator;
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

describe('the README example', () => {
  it('is the tested file, word for word (with the package name in its import)', async () => {
    const readme = await readFile(README, 'utf8');
    const block = readmeExample(readme, 'example');
    const source = (await readFile(EXAMPLE, 'utf8')).replace("from '../index.js'", "from '@ils-auth/nestjs'");
    expect(block).toBe(source);
  });

  it("the testing section's vitest example is the tested file src/test-support/readme-vitest.test.ts", async () => {
    const readme = await readFile(README, 'utf8');
    const block = readmeBlock(readme, 'readme-vitest');
    const source = (await readFile(VITEST_EXAMPLE, 'utf8'))
      .replace("from '../testing/index.js'", "from '@ils-auth/nestjs/testing'")
      .replace("from '../index.js'", "from '@ils-auth/nestjs'")
      .replace("from './account.controller.js'", "from '../src/account.controller.js'");
    expect(block).toBe(source);
  });

  it('signs a patron in with barcode + PIN, shows them on /me, and signs them out', async () => {
    const browser = new CookieJar();
    const login = await browser.fetch(`${url}/auth/card/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ barcode: '21913000000001', pin: '1234' }),
    });
    expect(login.status).toBe(200);
    const me = await browser.fetch(`${url}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ provider: 'card', patronId: '1000001' });
    expect((await browser.fetch(`${url}/auth/logout`, { method: 'POST' })).status).toBe(204);
    expect((await browser.fetch(`${url}/me`)).status).toBe(401);
  });

  it("signs a patron in on Sierra's login page", async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(`${url}/auth/sierra/login`);
    expect(start.status).toBe(302);
    const callback = await signInOnSierraPage(start.headers.get('location')!, '21913000000003', '4321');
    const landing = await browser.fetch(callback);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/me');
    expect(await (await browser.fetch(`${url}/me`)).json()).toMatchObject({
      provider: 'sierra',
      patronId: '1000003',
    });
  });

  it('calls the Sierra API with the app token', async () => {
    const answer = await fetch(`${url}/bibs/1000004`);
    expect(answer.status).toBe(200);
    expect(String(((await answer.json()) as { id: unknown }).id)).toBe('1000004');
  });

  it('answers a wrong PIN with 401 JSON', async () => {
    const answer = await fetch(`${url}/auth/card/login`, {
      method: 'POST',
      body: new URLSearchParams({ barcode: '21913000000002', pin: 'wrong-pin' }),
    });
    expect(answer.status).toBe(401);
    const text = await answer.text();
    expect(JSON.parse(text).error).toBe('invalid_credentials');
    expect(text).not.toContain('wrong-pin');
  });
});
