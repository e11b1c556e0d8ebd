import { rero, sierra } from '@ils-auth/core';
import { type ReroEmulator, type SierraEmulator, startRero, startSierra } from '@ils-auth/emulator';
import { Browser, readForm } from '@ils-auth/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

let sierraServer: SierraEmulator;
let reroServer: ReroEmulator;
let app: TestApp;

beforeAll(async () => {
  [sierraServer, reroServer] = await Promise.all([startSierra(), startRero()]);
  app = await startTestApp({
    providers: {
      card: { provider: sierra({ baseUrl: sierraServer.url, ...sierraServer.credentials }), signIn: 'pin' },
      rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials }),
    },
  });
});
afterAll(async () => {
  await app.close();
  await Promise.all([sierraServer.close(), reroServer.close()]);
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function patronAfter(browser: Browser) {
  const me = await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } });
  return JSON.parse(me.body).patron;
}

function expectWallClockMs(value: unknown, before: number): void {
  expect(Number.isInteger(value)).toBe(true);
  expect(value as number).toBeGreaterThanOrEqual(before);
  expect(value as number).toBeLessThanOrEqual(Date.now() + 31 * 24 * 3600 * 1000);
}

describe('one format for every date and time', () => {
  it('Sierra and RERO profiles give YYYY-MM-DD dates; session times are whole wall-clock epoch ms', async () => {
    const before = Date.now();
    const sierraBrowser = new Browser();
    await sierraBrowser.request(`${app.url}/auth/card/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ barcode: '21913000000001', pin: '1234' }),
    });
    const rita = await patronAfter(sierraBrowser);
    expect(rita.profile).toMatchObject({ expiresAt: '2031-08-31', birthdate: '1986-04-12' });

    const reroBrowser = new Browser();
    const signinPage = await reroBrowser.navigate(`${app.url}/auth/rero/login`);
    const signin = readForm(signinPage.body, signinPage.url);
    const consentPage = await reroBrowser.submit(signin.action, {
      ...signin.fields,
      email: 'jean.simon@example.ch',
      password: 'Valais-2024',
    });
    const consent = readForm(consentPage.body, consentPage.url);
    await reroBrowser.submit(consent.action, { ...consent.fields, confirm: 'yes' });
    const jean = await patronAfter(reroBrowser);
    // RERO sends "2030-03-30T00:00:00": the profile has the calendar date, as Sierra's does.
    expect(jean.profile.expiresAt).toBe('2030-03-30');
    expect(jean.profile.birthdate).toBe('2000-01-01');
    expect(jean.profile.institutions.map((i: { expiresAt: string }) => i.expiresAt)).toEqual([
      '2030-03-30',
      '2017-07-16',
    ]);

    for (const patron of [rita, jean]) {
      expect(patron.profile.expiresAt).toMatch(DATE);
      expectWallClockMs(patron.signedInAt, before);
      expectWallClockMs(patron.expiresAt, before);
    }
  });
});
