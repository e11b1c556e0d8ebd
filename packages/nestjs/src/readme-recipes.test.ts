import { readFile } from 'node:fs/promises';
import type { OverDriveEmulator, ReroEmulator, SierraEmulator } from '@ils-auth/emulator';
import { signInOnRero } from '@ils-auth/emulator';
import { readmeBlock } from '@ils-auth/test-support';
import { type INestApplication, Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from './test-support/test-app.js';

const README = new URL('../README.md', import.meta.url);
const RECIPES = new URL('./test-support/readme-recipes.ts', import.meta.url);
const RITA = { barcode: '21913000000001', pin: '1234' };
const OLIVER = { barcode: '23025000000001', pin: '2468' };

let app: INestApplication;
let emulators: [SierraEmulator, OverDriveEmulator, ReroEmulator];
let url: string;

beforeAll(async () => {
  process.env.PORT = '0';
  Logger.overrideLogger(false); // the example logs its start-up and audit lines; not in test output
  const example = await import('./test-support/readme-recipes.js');
  app = example.app;
  emulators = example.emulators;
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
  await Promise.all((emulators ?? []).map((emulator) => emulator.close()));
});

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  redirect: 'manual',
});

describe("the README's recipes app", () => {
  it('is the tested file, word for word (with the package name in its import)', async () => {
    const readme = await readFile(README, 'utf8');
    const block = readmeBlock(readme, 'readme-recipes');
    const source = (await readFile(RECIPES, 'utf8')).replace("from '../index.js'", "from '@ils-auth/nestjs'");
    expect(block).toBe(source);
  });

  it('answers the Terminus health check', async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', info: { library: { status: 'up' } } });
  });

  it('signs one browser in to Sierra and OverDrive at once, and logs out of one of them', async () => {
    const browser = new CookieJar();
    const catalogue = await browser.fetch(`${url}/auth/catalogue/login`, form(RITA));
    expect(catalogue.status).toBe(200);
    const ebooks = await browser.fetch(`${url}/auth/ebooks/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OLIVER),
    });
    expect(ebooks.status).toBe(200);
    // The login route answers the patron who just signed in, not the catalogue's (the first provider).
    expect(await ebooks.json()).toMatchObject({ patron: { provider: 'ebooks', patronId: '3100001' } });
    expect(await (await browser.fetch(`${url}/portal`)).json()).toEqual({
      signedInTo: ['catalogue', 'ebooks'],
      user: { id: 'reader-1000001', role: 'reader' }, // what the signIn callback mapped the patron to
    });
    const account = await browser.fetch(`${url}/portal/ebooks`);
    expect(account.status).toBe(200);
    expect(String(((await account.json()) as { patronId: unknown }).patronId)).toBe('3100001');

    expect((await browser.fetch(`${url}/auth/ebooks/logout`, { method: 'POST' })).status).toBe(204);
    // A made-up name in the URL is a 404, not a 500 with an error line.
    expect((await browser.fetch(`${url}/auth/nope/logout`, { method: 'POST' })).status).toBe(404);
    expect(await (await browser.fetch(`${url}/portal`)).json()).toMatchObject({ signedInTo: ['catalogue'] });
    expect((await browser.fetch(`${url}/portal/ebooks`)).status).toBe(401);
  });

  it('logs a patron out everywhere: their session in another browser ends too', async () => {
    const [home, library] = [new CookieJar(), new CookieJar()];
    await home.fetch(`${url}/auth/catalogue/login`, form(RITA));
    await library.fetch(`${url}/auth/catalogue/login`, form(RITA));
    expect((await home.fetch(`${url}/auth/logout?everywhere=true`, { method: 'POST' })).status).toBe(204);
    expect((await library.fetch(`${url}/portal`)).status).toBe(401);
  });

  it('sends a wrong PIN, or a card the signIn callback refuses, back to /sign-in with ?error=', async () => {
    const wrong = await fetch(
      `${url}/auth/catalogue/login`,
      form({ ...RITA, pin: '0000', returnTo: '/loans' }),
    );
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe(
      '/sign-in?error=invalid_credentials&provider=catalogue&returnTo=%2Floans',
    );
    const blocked = new CookieJar();
    const refused = await blocked.fetch(
      `${url}/auth/catalogue/login`,
      form({ barcode: '21913000000002', pin: '12345678abc' }),
    );
    expect(refused.headers.get('location')).toBe('/sign-in?error=card_blocked&provider=catalogue');
    expect((await blocked.fetch(`${url}/portal`)).status).toBe(401); // a refused sign-in leaves no session
    const json = await fetch(`${url}/auth/catalogue/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...RITA, pin: '0000' }),
    });
    expect(json.status).toBe(401); // a JSON caller gets the JSON error, not the redirect
  });

  it('signs a patron in to RERO ILS at the registered redirect URI', async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(`${url}/auth/rero/login`);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${url}/callback`);
    const callback = await signInOnRero(authorization.href, 'jean.simon@example.ch', 'Valais-2024');
    const landing = await browser.fetch(callback);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/portal');
    expect(await (await browser.fetch(`${url}/portal`)).json()).toMatchObject({ signedInTo: ['rero'] });
  });

  it('answers a provider outage at sign-in with 503 and Retry-After', async () => {
    const [, overdrive] = emulators;
    overdrive.controls.inject({ endpoint: 'overdrive.patrontoken', status: 503, retryAfter: 30, times: 5 });
    try {
      const outage = await fetch(`${url}/auth/ebooks/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(OLIVER),
      });
      expect(outage.status).toBe(503);
      expect(Number(outage.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
      expect(await outage.json()).toMatchObject({ error: 'provider_unavailable' });
    } finally {
      overdrive.controls.clearFaults();
    }
  });
});
