import { overdrive, rero, sierra } from '@ils-auth/core';
import {
  type OverDriveEmulator,
  type ReroEmulator,
  type SierraEmulator,
  startOverDrive,
  startRero,
  startSierra,
} from '@ils-auth/emulator';
import { Browser, type Hop, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const ADA = { barcode: '23025000000001', pin: '2468' };
const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };

let sierraServer: SierraEmulator;
let overdriveServer: OverDriveEmulator;
let reroServer: ReroEmulator;
let app: TestApp;
let now: number;

beforeAll(async () => {
  [sierraServer, overdriveServer, reroServer] = await Promise.all([
    startSierra(),
    startOverDrive(),
    startRero(),
  ]);
});
afterAll(async () => {
  await Promise.all([sierraServer.close(), overdriveServer.close(), reroServer.close()]);
});
beforeEach(async () => {
  now = Date.now();
  const od = overdriveServer.credentials;
  app = await startTestApp(
    {
      providers: {
        catalogue: {
          provider: sierra({ baseUrl: sierraServer.url, ...sierraServer.credentials }),
          signIn: 'pin',
        },
        ebooks: overdrive({
          clientId: od.clientId,
          clientSecret: od.clientSecret,
          authorizationName: od.authorizationName,
          websiteId: od.websiteId,
          allowPasswordGrant: true,
          oauthUrl: overdriveServer.oauthUrl,
          patronOauthUrl: overdriveServer.patronOauthUrl,
          apiUrl: overdriveServer.apiUrl,
          patronApiUrl: overdriveServer.patronApiUrl,
        }),
        rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials }),
      },
      // The app's clock, so that a test can let a session run out.
      clientOptions: { clock: () => now },
    },
    (express) => {
      express.get('/portal', (req, res) => {
        res.json({
          patron: req.patron?.provider ?? null,
          patrons: Object.keys(req.patrons ?? {}),
        });
      });
      express.get('/portal/loans', async (req, res) => {
        const loans = await req.ils!.patronFetch('v1/patrons/me', {
          provider: 'ebooks',
          headers: { accept: 'application/json' },
        });
        res.status(loans.status).json(await loans.json());
      });
      express.get('/rero/record', async (req, res) => {
        const info = await req.ils!.patronFetch('api/patrons/info', { provider: 'rero' });
        res.status(info.status).json(await info.json());
      });
    },
  );
});
afterEach(async () => {
  await app.close();
});

function post(browser: Browser, path: string, body: Record<string, unknown> = {}): Promise<Hop> {
  return browser.request(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

async function portal(browser: Browser): Promise<{ patron: string | null; patrons: string[] }> {
  return JSON.parse((await browser.request(`${app.url}/portal`)).body);
}

async function signInToBoth(browser: Browser): Promise<void> {
  expect((await post(browser, '/auth/catalogue/login', RITA)).status).toBe(200);
  expect((await post(browser, '/auth/ebooks/login', ADA)).status).toBe(200);
}

describe('several providers signed in at once', () => {
  it('logs out of one provider with POST <base>/<name>/logout, of all with POST <base>/logout', async () => {
    const browser = new Browser();
    await signInToBoth(browser);
    expect((await post(browser, '/auth/ebooks/logout')).status).toBe(204);
    expect(await portal(browser)).toEqual({ patron: 'catalogue', patrons: ['catalogue'] });
    expect(
      (await browser.request(`${app.url}/portal/loans`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);

    expect((await post(browser, '/auth/ebooks/login', ADA)).status).toBe(200);
    expect((await post(browser, '/auth/logout')).status).toBe(204);
    expect(await portal(browser)).toEqual({ patron: null, patrons: [] });
    expect(browser.cookie('ils_session')).toBeUndefined();
  });

  it('"log out everywhere" ends that patron\'s sessions in every browser, and only theirs', async () => {
    const laptop = new Browser();
    const phone = new Browser();
    const someoneElse = new Browser();
    await signInToBoth(laptop);
    await signInToBoth(phone);
    expect((await post(someoneElse, '/auth/ebooks/login', ADA)).status).toBe(200);
    expect(
      (await post(someoneElse, '/auth/catalogue/login', { barcode: '21913000000002', pin: '12345678abc' }))
        .status,
    ).toBe(200);
    const otherCatalogue = (await portal(someoneElse)).patrons;

    expect((await post(laptop, '/auth/catalogue/logout', { everywhere: true })).status).toBe(204);
    expect(await portal(laptop)).toEqual({ patron: 'ebooks', patrons: ['ebooks'] });
    // Rita's catalogue session on the phone is over too; her e-book session and other patrons' are not.
    expect(await portal(phone)).toEqual({ patron: 'ebooks', patrons: ['ebooks'] });
    expect((await portal(someoneElse)).patrons).toEqual(otherCatalogue);
    // Signing in again afterwards works.
    now += 1000;
    expect((await post(phone, '/auth/catalogue/login', RITA)).status).toBe(200);
    expect((await portal(phone)).patrons).toEqual(['catalogue', 'ebooks']);
  });

  async function signInToRero(browser: Browser): Promise<void> {
    const start = await browser.navigate(`${app.url}/auth/rero/login?returnTo=/account`, {}, (hop) =>
      hop.url.startsWith(`${reroServer.url}/signin`),
    );
    const signin = readForm(start.body, start.url);
    const consentPage = await browser.submit(signin.action, { ...signin.fields, ...JEAN });
    const consent = readForm(consentPage.body, consentPage.url);
    await browser.submit(consent.action, { ...consent.fields, confirm: 'yes' });
  }

  it('requirePatron sends a patron whose RERO session ended to RERO, not to the first provider', async () => {
    const browser = new Browser();
    await signInToRero(browser);
    expect((await portal(browser)).patrons).toEqual(['rero']);
    now += 60 * 24 * 3600 * 1000;
    const page = await browser.request(`${app.url}/account`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${app.url}/auth/rero/login?returnTo=%2Faccount`);
    expect(browser.cookie('ils_session')).toBeUndefined();
  });
});
