import { rero } from '@ils-auth/core';
import { type ReroEmulator, startRero } from '@ils-auth/emulator';
import { Browser, type Hop, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET, type TestApp } from './testing/test-app.js';

const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };

let emulator: ReroEmulator;
let app: TestApp;

beforeAll(async () => {
  emulator = await startRero();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  app = await startTestApp({
    providers: { rero: rero({ baseUrl: emulator.url, ...emulator.credentials }) },
  });
  emulator.controls.clearRequests();
});
afterEach(async () => {
  await app.close();
});

const atCallback = (hop: Hop) => hop.location?.startsWith(`${app.url}/auth/rero/callback`) ?? false;

/**
 * App → RERO authorize → sign-in page → consent page, as a browser: returns the consent page and its form.
 */
async function reachConsent(browser: Browser, returnTo = '/account') {
  const start = await browser.request(`${app.url}/auth/rero/login?returnTo=${encodeURIComponent(returnTo)}`);
  const authorize = new URL(start.location!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const signinPage = await browser.navigate(start.location!);
  expect(signinPage.url.startsWith(`${emulator.url}/signin`)).toBe(true);
  const signin = readForm(signinPage.body, signinPage.url);
  const consentPage = await browser.submit(signin.action, { ...signin.fields, ...JEAN });
  expect(consentPage.status).toBe(200);
  return readForm(consentPage.body, consentPage.url);
}

/** Accepts on the consent page and stops at RERO's redirect to the callback (not yet followed). */
async function consent(browser: Browser, confirm: 'yes' | 'no', returnTo?: string): Promise<Hop> {
  const form = await reachConsent(browser, returnTo);
  const redirect = await browser.submit(form.action, { ...form.fields, confirm }, atCallback);
  expect(atCallback(redirect)).toBe(true);
  return redirect;
}

describe('RERO ILS code flow with consent', () => {
  it('signs the patron in through sign-in and consent, with PKCE, and lands on returnTo', async () => {
    const browser = new Browser();
    const redirect = await consent(browser, 'yes');
    const landing = await browser.navigate(redirect.location!);
    expect(landing.url).toBe(`${app.url}/account`);
    const patron = JSON.parse(landing.body).patron;
    expect(patron).toMatchObject({ provider: 'rero', patronId: '21', profile: { name: 'Simon, Jean' } });

    const record = await browser.request(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(JSON.parse(record.body).barcode).toBe('2050124311');
    const seen = browser.history.map((hop) => hop.body).join();
    expect(seen).not.toContain(JEAN.password);
    expect(seen).not.toContain(emulator.credentials.clientSecret);
    expect(seen).not.toContain(TEST_SECRET);
  });

  it('a patron who denies consent gets 403 access_denied and no session', async () => {
    const browser = new Browser();
    const redirect = await consent(browser, 'no');
    expect(new URL(redirect.location!).searchParams.get('error')).toBe('access_denied');
    const answer = await browser.navigate(redirect.location!);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'access_denied', message: 'the patron declined to sign in with rero' },
    });
    expect(browser.cookie('ils_session')).toBeUndefined();
  });

  it('a code older than 30 seconds is refused: 400 invalid_grant, no session', async () => {
    const browser = new Browser();
    const redirect = await consent(browser, 'yes');
    emulator.controls.advance(31);
    const answer = await browser.navigate(redirect.location!);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('invalid_grant');
    expect(browser.cookie('ils_session')).toBeUndefined();
    expect(emulator.controls.tokenRequests('rero.token')).toBe(1);
  });

  it('renews the patron token transparently: refresh rotation when the access token expired', async () => {
    const browser = new Browser();
    await browser.navigate((await consent(browser, 'yes')).location!);
    expect(emulator.controls.tokenRequests('rero.token')).toBe(1);

    emulator.controls.advance(3601);
    const record = await browser.request(`${app.url}/me/record`);
    expect(record.status).toBe(200);
    expect(JSON.parse(record.body).barcode).toBe('2050124311');
    // One refresh: the code exchange plus one refresh_token grant.
    expect(emulator.controls.tokenRequests('rero.token')).toBe(2);

    // The rotated tokens were kept: the next call needs no token request.
    expect((await browser.request(`${app.url}/me/record`)).status).toBe(200);
    expect(emulator.controls.tokenRequests('rero.token')).toBe(2);
    const cookieBefore = browser.cookie('ils_session')!.value;
    expect(
      (await browser.request(`${app.url}/api/me`, { headers: { accept: 'application/json' } })).status,
    ).toBe(200);
    expect(browser.cookie('ils_session')!.value).toBe(cookieBefore);
  });

  it('when the refresh token has expired too, the page goes back to sign-in with returnTo', async () => {
    const browser = new Browser();
    await browser.navigate((await consent(browser, 'yes')).location!);
    emulator.controls.advance(31 * 24 * 3600);
    const page = await browser.request(`${app.url}/me/record`);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${app.url}/auth/rero/login?returnTo=%2Fme%2Frecord`);
    expect(browser.cookie('ils_session')).toBeUndefined();
  });

  it('RERO has no app token: req.ils.client("rero") is a config error', async () => {
    const answer = await new Browser().request(`${app.url}/app/rero/api/patrons/info`);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('config_invalid');
  });

  it('returnTo survives the whole round trip through RERO; an off-site one does not', async () => {
    const browser = new Browser();
    const redirect = await consent(browser, 'yes', '/account?from=rero#top');
    const landing = await browser.navigate(redirect.location!);
    expect(landing.url).toBe(`${app.url}/account?from=rero#top`);

    const other = new Browser();
    const offsite = await consent(other, 'yes', 'https://evil.example/phish');
    expect((await other.navigate(offsite.location!)).url).toBe(`${app.url}/`);
  });
});
