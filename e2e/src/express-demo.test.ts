import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExpressDemo, startExpressDemo } from '@ils-auth/express-demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';

// Gitignored (.e2e-artifacts/ in the root .gitignore).
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '.e2e-artifacts');

describe.skipIf(!chromiumAvailable())('express demo in Chromium: a patron signs in with every flow', () => {
  let demo: ExpressDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startExpressDemo(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  const at = (path: string) => `${demo.url}${path}`;
  const profileField = (label: string) => page.locator(`#profile td[data-field="${label}"]`).textContent();

  /** Our own card (+ PIN) form: fill it and submit. */
  async function submitPinForm(barcode: string, pin?: string): Promise<void> {
    await page.fill('#barcode', barcode);
    if (pin !== undefined) await page.fill('#pin', pin);
    await page.click('#sign-in');
  }

  /** RERO's sign-in page, then its consent page. */
  async function signInOnRero(decision: 'accept' | 'deny'): Promise<void> {
    await page.waitForURL(
      (url) => url.origin === new URL(demo.emulators.rero.url).origin && url.pathname === '/signin',
    );
    await page.fill('#email', 'jean.simon@example.ch');
    await page.fill('#password', 'Valais-2024');
    await page.click('#signin');
    await page.waitForSelector(`#${decision}`);
    await page.click(`#${decision}`);
  }

  it("Sierra's login page: lands on the account page with the patron's name; sign-out ends the session", async () => {
    await page.goto(at('/'));
    await page.click('#signin-sierra');
    // On Sierra's own page (another origin), as a patron would be.
    await page.waitForURL((url) => url.href.startsWith(`${demo.emulators.sierra.url}/authorize`));
    await page.fill('#code', '21913000000001');
    await page.fill('#pin', '1234');
    await page.click('#submit');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe('Reader, Rita');
    expect(await profileField('Email')).toBe('rita.reader@example.org');
    expect(await page.textContent('#signed-in-with')).toBe('sierra');
    expect(await page.textContent('#live-status')).toBe('200');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'express-account.png'), fullPage: true });

    await page.click('#sign-out');
    await page.waitForURL(at('/'));
    expect(await page.locator('#who').count()).toBe(0);
    await page.goto(at('/account'));
    expect(page.url()).toBe(at('/signin?returnTo=%2Faccount'));
  });

  it('Sierra card + PIN form: a protected page sends the patron to sign in and back', async () => {
    await page.goto(at('/account'));
    expect(page.url()).toBe(at('/signin?returnTo=%2Faccount'));
    await page.click('#signin-card');
    await submitPinForm('21913000000002', '12345678abc');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe('Langley, Pim');
    expect(await page.textContent('#signed-in-with')).toBe('card');
  });

  it('OverDrive card + PIN: "My OverDrive" shows /v1/patrons/me read with the patron token', async () => {
    await page.goto(at('/overdrive'));
    expect(page.url()).toBe(at('/signin/overdrive?returnTo=%2Foverdrive'));
    await submitPinForm('23025000000001', '2468');
    await page.waitForURL(at('/overdrive'));
    expect(await page.textContent('#status')).toBe('200');
    expect(await page.textContent('#overdrive-patron')).toContain('3100001');
  });

  it('OverDrive PIN-less website: the card number alone signs in', async () => {
    await page.goto(at('/'));
    await page.click('#signin-overdrive-cardonly');
    expect(await page.locator('#pin').count()).toBe(0);
    await submitPinForm('23025000000002');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#signed-in-with')).toBe('overdrive-cardonly');
    await page.goto(at('/overdrive'));
    expect(await page.textContent('#overdrive-patron')).toContain('3100002');
  });

  it('RERO ILS: sign-in and consent, then an expired access token is renewed without the patron noticing', async () => {
    await page.goto(at('/'));
    await page.click('#signin-rero');
    await signInOnRero('accept');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe('Simon, Jean');
    expect(await profileField('Libraries')).toContain('VS');

    const { controls } = demo.emulators.rero;
    const tokensBefore = controls.tokenRequests('rero.token');
    controls.advance(2 * 3600); // the access token is dead for RERO; the refresh token lives 30 days
    await page.reload();
    expect(page.url()).toBe(at('/account'));
    expect(await page.textContent('#live-status')).toBe('200');
    expect(controls.tokenRequests('rero.token')).toBe(tokensBefore + 1);
  });

  it('RERO ILS: denying consent ends on a friendly error page of the site', async () => {
    await page.goto(at('/signin'));
    await page.click('#signin-rero');
    await signInOnRero('deny');
    await page.waitForURL((url) => url.href.startsWith(at('/auth/rero/callback')));
    expect(await page.getAttribute('#error', 'data-code')).toBe('access_denied');
    expect(await page.textContent('h1')).toBe('You are not signed in');
    expect(await page.textContent('#error')).toContain('chose not to share');
    await page.goto(at('/account'));
    expect(page.url()).toBe(at('/signin?returnTo=%2Faccount'));
  });

  it('Passport (SierraPinStrategy + express-session): signs in, shows the account, signs out', async () => {
    await page.goto(at('/passport/account'));
    expect(page.url()).toBe(at('/passport/sierra-pin?returnTo=%2Fpassport%2Faccount'));
    await submitPinForm('21913000000001', '1234');
    await page.waitForURL(at('/passport/account'));
    expect(await page.textContent('#signed-in-with')).toBe('Passport');
    expect(await profileField('Name')).toBe('Reader, Rita');
    await page.click('#sign-out');
    await page.waitForURL(at('/'));
    await page.goto(at('/passport/account'));
    expect(page.url()).toContain(at('/passport/sierra-pin'));
  });

  it('an open-redirect attempt (returnTo=//evil.example) lands on the site', async () => {
    await page.goto(at('/auth/sierra/login?returnTo=//evil.example'));
    await page.fill('#code', '21913000000001');
    await page.fill('#pin', '1234');
    await page.click('#submit');
    await page.waitForURL((url) => url.origin === demo.url);
    expect(page.url()).toBe(at('/account'));

    await context.clearCookies();
    await page.goto(at('/signin/card?returnTo=//evil.example'));
    await submitPinForm('21913000000001', '1234');
    await page.waitForURL((url) => url.origin === demo.url && url.pathname !== '/signin/card');
    expect(page.url()).toBe(at('/account'));
  });

  it('a wrong PIN shows an error page that does not contain the PIN', async () => {
    await page.goto(at('/signin/card'));
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url() === at('/auth/card/login')),
      submitPinForm('21913000000001', '86420975'),
    ]);
    expect(answer.status()).toBe(401);
    expect(await page.getAttribute('#error', 'data-code')).toBe('invalid_credentials');
    expect(await page.textContent('#error')).toContain('do not match');
    expect(await page.content()).not.toContain('86420975');
    await page.click('#try-again');
    expect(page.url()).toBe(at('/signin/card'));
  });

  it('the catalogue survives Sierra forgetting every token (restart)', async () => {
    await page.goto(at('/catalogue'));
    expect(await page.locator('#bibs .title').allTextContents()).toHaveLength(3);
    const { controls } = demo.emulators.sierra;
    const tokensBefore = controls.tokenRequests('sierra.token');
    controls.restart();
    await page.reload();
    const titles = await page.locator('#bibs .title').allTextContents();
    expect(titles).toContain('The left hand of darkness');
    expect(titles).toHaveLength(3);
    expect(controls.tokenRequests('sierra.token')).toBe(tokensBefore + 1);
  });
});
