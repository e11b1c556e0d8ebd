import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ReroEmulator,
  type SierraEmulator,
  signInOnRero,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
// The nestjs package's own test jar (a file without Nest imports), shared rather than copied.
import { Browser as CookieJar } from '@ils-auth/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELLS, MAJORS } from './cells.js';
import { createNestProject, type NestMajor, type NestProject } from './nest-project.js';
import { startApp } from './running-app.js';
import { packTarballs } from './tarballs.js';

// @ils-auth/nestjs as a user gets it: packed, installed with npm into fresh NestJS 11 and 12 projects
// (no --legacy-peer-deps), compiled by tsc, and run on both platforms as ESM and as CommonJS.

let root: string;
let sierraEmulator: SierraEmulator;
let reroEmulator: ReroEmulator;
const projects = new Map<NestMajor, NestProject>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ils-auth-nest-matrix-'));
  const tarballs = await packTarballs(root);
  [sierraEmulator, reroEmulator] = await Promise.all([startSierra(), startRero()]);
  for (const project of await Promise.all(MAJORS.map((major) => createNestProject(root, major, tarballs))))
    projects.set(project.major, project);
});
afterAll(async () => {
  await Promise.all([sierraEmulator?.close(), reroEmulator?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe.each(CELLS)('NestJS $major on $platform as $moduleSystem', ({ major, platform, moduleSystem }) => {
  it('signs patrons in (PIN, RERO code flow, testing helper), guards routes, logs out, shuts down', async () => {
    const project = projects.get(major)!;
    expect(project.nestVersion.split('.')[0]).toBe(String(major));
    const app = await startApp(project.dir, moduleSystem, platform, {
      sierra: { baseUrl: sierraEmulator.url, ...sierraEmulator.credentials },
      rero: { baseUrl: reroEmulator.url, ...reroEmulator.credentials },
    });
    try {
      expect(app.moduleSystem).toBe(moduleSystem);

      // A global PatronGuard: closed unless signed in.
      const anonymous = await fetch(`${app.url}/me`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ statusCode: 401, error: 'session_expired' });

      // Barcode + PIN, checked with Sierra.
      const wrong = await fetch(`${app.url}/auth/card/login`, json({ barcode: '21913000000001', pin: '0' }));
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: 'invalid_credentials' });
      const browser = new CookieJar();
      const login = await browser.fetch(
        `${app.url}/auth/card/login`,
        json({ barcode: '21913000000001', pin: '1234' }),
      );
      expect(login.status).toBe(200);
      expect(await login.json()).toEqual({ patronId: '1000001' });
      const me = await browser.fetch(`${app.url}/me`);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ provider: 'card', patronId: '1000001' });

      // Logout ends the session; a second one (nothing left to end) answers the same, not 401.
      expect((await browser.fetch(`${app.url}/auth/logout`, { method: 'POST' })).status).toBe(204);
      expect((await browser.fetch(`${app.url}/me`)).status).toBe(401);
      expect((await browser.fetch(`${app.url}/auth/logout`, { method: 'POST' })).status).toBe(204);

      // The code flow against the RERO emulator.
      const begin = await browser.fetch(`${app.url}/auth/rero/login`);
      expect(begin.status).toBe(302);
      const callback = await signInOnRero(
        begin.headers.get('location')!,
        'jean.simon@example.ch',
        'Valais-2024',
      );
      const landing = await browser.fetch(callback);
      expect(landing.status).toBe(200);
      expect(await landing.json()).toEqual({ patronId: '21', returnTo: '/me' });
      expect(await (await browser.fetch(`${app.url}/me`)).json()).toMatchObject({ provider: 'rero' });

      // The session signInPatron() from @ils-auth/nestjs/testing started.
      const helped = await fetch(`${app.url}/me`, { headers: { cookie: app.testingCookie } });
      expect(await helped.json()).toMatchObject({ provider: 'card', patronId: '1000003' });
    } finally {
      expect(await app.stop()).toBe('ended');
    }
  });
});
