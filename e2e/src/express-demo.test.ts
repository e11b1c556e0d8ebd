import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIVE_SYSTEMS, fiveSystemPatrons } from '@ils-auth/demo-support';
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
    expect(await page.textContent('#patron-sierra .live-status')).toBe('200');

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
    expect(await page.locator('#patron-card').count()).toBe(1);
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
    expect(await page.locator('#patron-overdrive-cardonly').count()).toBe(1);
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
    expect(await page.textContent('#patron-rero .live-status')).toBe('200');
    expect(controls.tokenRequests('rero.token')).toBe(tokensBefore + 1);
  });

  it('RERO ILS: denying consent comes back to the sign-in choices by redirect, with a friendly message', async () => {
    await page.goto(at('/signin'));
    await page.click('#signin-rero');
    await signInOnRero('deny');
    await page.waitForURL((url) => url.origin === demo.url && url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('provider')).toBe('rero');
    expect(await page.getAttribute('#error', 'data-code')).toBe('access_denied');
    expect(await page.textContent('#error')).toContain('chose not to share');
    expect(await page.locator('#sign-in-choices').count()).toBe(1);
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

  it('a wrong PIN lands back on the form by redirect, with a readable message and without the PIN', async () => {
    await page.goto(at('/signin/card'));
    await submitPinForm('21913000000001', '86420975');
    await page.waitForURL((url) => url.pathname === '/signin/card' && url.searchParams.has('error'));
    expect(await page.getAttribute('#error', 'data-code')).toBe('invalid_credentials');
    expect(await page.textContent('#error')).toContain('do not match');
    expect(await page.content()).not.toContain('86420975');
    // The same form, ready for another try.
    await submitPinForm('21913000000001', '1234');
    await page.waitForURL(at('/account'));
    expect(await page.locator('#patron-card').count()).toBe(1);
  });

  it('Sierra and OverDrive at once: both on the account page, sign out of one, then of all', async () => {
    await page.goto(at('/signin/card'));
    await submitPinForm('21913000000001', '1234');
    await page.waitForURL(at('/account'));
    await page.click('#more-sign-ins a[href^="/signin/overdrive?"]');
    await submitPinForm('23025000000001', '2468');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#signed-in-count')).toBe('2');
    expect(await page.locator('#patron-card td[data-field="Name"]').textContent()).toBe('Reader, Rita');
    expect(await page.textContent('#patron-overdrive .live-status')).toBe('200');
    await page.goto(at('/overdrive'));
    expect(await page.textContent('#overdrive-patron')).toContain('3100001');

    await page.goto(at('/account'));
    await page.click('#patron-overdrive .sign-out-one');
    await page.waitForURL(at('/'));
    await page.goto(at('/account'));
    expect(await page.textContent('#signed-in-count')).toBe('1');
    expect(await page.locator('#patron-overdrive').count()).toBe(0);
    expect(await page.locator('#patron-card').count()).toBe(1);

    await page.click('#sign-out-all');
    await page.waitForURL(at('/'));
    await page.goto(at('/account'));
    expect(page.url()).toBe(at('/signin?returnTo=%2Faccount'));
  });

  it("OpenID Connect through the generic provider: discovery, the server's own sign-in and consent pages", async () => {
    await page.goto(at('/'));
    await page.click('#signin-library');
    await page.waitForURL(
      (url) => url.origin === demo.oidc.issuer && url.pathname.startsWith('/interaction/'),
    );
    await page.fill('#login', demo.oidc.patron.login);
    await page.fill('#password', 'not-the-password');
    await page.click('#sign-in');
    expect(await page.textContent('#error')).toContain('do not match');
    await page.fill('#login', demo.oidc.patron.login);
    await page.fill('#password', demo.oidc.patron.password);
    await page.click('#sign-in');
    await page.waitForSelector('#allow');
    await page.click('#allow');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe('Ada Lovelace');
    expect(await page.locator('#patron-library td[data-field="Email"]').textContent()).toBe(
      demo.oidc.patron.email,
    );
    // UserInfo read live with the patron's access token.
    expect(await page.textContent('#patron-library .live-status')).toBe('200');
  });

  it("the Koha page reads Koha's patron API with the app token", async () => {
    await page.goto(at('/'));
    await page.click('header a[href="/koha"]');
    await page.waitForURL(at('/koha'));
    expect(await page.locator('#koha-patrons .name').allTextContents()).toEqual(
      demo.emulators.koha.patrons.map((patron) => `${patron.surname}, ${patron.firstname}`),
    );
  });

  it('Koha card number + password: a wrong password is refused, then the patron signs in', async () => {
    await page.goto(at('/'));
    await page.click('#signin-koha');
    await submitPinForm('23529000445172', 'not-her-password');
    await page.waitForURL((url) => url.pathname === '/signin/koha' && url.searchParams.has('error'));
    expect(await page.getAttribute('#error', 'data-code')).toBe('invalid_credentials');
    expect(await page.content()).not.toContain('not-her-password');
    await submitPinForm('ada', 'Analytical-1843');
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe('Lovelace, Ada');
    expect(await page.textContent('#patron-koha .live-status')).toBe('200');
  });

  it('a library on SIP2: a lost card is refused with its reason, then a patron signs in with card and PIN', async () => {
    const { valid, lost } = demo.emulators.sip2.patrons;
    await page.goto(at('/'));
    await page.click('#signin-sip2');
    await submitPinForm(lost.barcode, lost.pin);
    await page.waitForURL((url) => url.pathname === '/signin/sip2' && url.searchParams.has('error'));
    expect(await page.getAttribute('#error', 'data-code')).toBe('card_lost');
    expect(await page.content()).not.toContain(lost.pin);
    await submitPinForm(valid.barcode, valid.pin);
    await page.waitForURL(at('/account'));
    expect(await page.textContent('#who')).toBe(valid.name);
    expect(await page.locator('#patron-sip2').count()).toBe(1);
  });

  it.each(FIVE_SYSTEMS)(
    '$label: a wrong PIN comes back to the form without it, the patron signs in, and the system page calls $label with the app credential',
    async (system) => {
      const [valid] = fiveSystemPatrons(demo.emulators).filter((patron) => patron.system === system.name);
      if (!valid) throw new Error(`no ${system.name} test patron`);
      await page.goto(at('/'));
      // The home page lists the patron this journey uses, with its secret: it is what a visitor would type.
      expect(await page.locator('#test-patrons').textContent()).toContain(valid.login);
      await page.click(`#signin-${system.name}`);
      await submitPinForm(valid.login, 'not-the-PIN-9');
      await page.waitForURL(
        (url) => url.pathname === `/signin/${system.name}` && url.searchParams.has('error'),
      );
      expect(await page.getAttribute('#error', 'data-code')).toBe('invalid_credentials');
      expect(await page.content()).not.toContain('not-the-PIN-9');
      expect(await page.inputValue('#pin')).toBe('');
      await submitPinForm(valid.login, valid.secret);
      await page.waitForURL(at('/account'));
      expect(await page.textContent('#who')).toBe(valid.name);
      expect(await page.locator(`#patron-${system.name}`).count()).toBe(1);

      await page.click(`#patron-${system.name} a[href="/${system.name}"]`);
      await page.waitForURL(at(`/${system.name}`));
      expect(await page.textContent('#app-call-result')).not.toBe('');
      expect(await page.textContent('#signed-in-here .patron-name')).toBe(valid.name);
      expect(await page.content()).not.toContain(valid.secret);
    },
  );

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
