import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FIVE_SYSTEMS, fiveSystemPatrons } from '@ils-auth/demo-support';
import { type NestDemo, startNestDemo } from '@ils-auth/nest-demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';

// A person's journey through the NestJS demo in Debian's Chromium: every sign-in flow, clicked and typed.
const ARTIFACTS = fileURLToPath(new URL('../.e2e-artifacts/', import.meta.url));

// Both of Nest's HTTP platforms run the same journeys.
describe.skipIf(!chromiumAvailable()).each(['express', 'fastify'] as const)(
  'NestJS demo on %s in a browser',
  (platform) => {
    let demo: NestDemo;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      [demo, browser] = await Promise.all([startNestDemo({ platform }), launchChromium()]);
    });
    afterAll(async () => {
      await browser?.close();
      await demo?.close();
    });
    // A fresh profile per journey: no cookie from the previous one.
    beforeEach(async () => {
      context = await browser.newContext();
      page = await context.newPage();
      // Every step here takes well under a second: a broken flow fails fast instead of eating the run's budget.
      page.setDefaultTimeout(10_000);
    });
    afterEach(async () => {
      await context?.close();
    });

    async function choose(choice: string): Promise<void> {
      await page.goto(`${demo.url}/`);
      await page.click(`a[data-choice="${choice}"]`);
    }

    async function expectAccountOf(name: string): Promise<void> {
      await page.waitForURL(`${demo.url}/account`);
      expect(await page.textContent('[data-testid="patron-name"]')).toBe(name);
    }

    it("Sierra's login page: barcode and PIN typed on Sierra's page lead to the account page", async () => {
      await choose('sierra');
      await page.waitForURL((url) => url.pathname === '/iii/sierra-api/authorize');
      expect(new URL(page.url()).origin).toBe(new URL(demo.emulators.sierra.url).origin);
      await page.fill('#code', '21913000000001');
      await page.fill('#pin', '1234');
      await page.click('#submit');
      await expectAccountOf('Reader, Rita');
      expect(await page.textContent('main')).toContain('rita.reader@example.org');

      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}nest-demo-account-${platform}.png`, fullPage: true });
    });

    it('Sierra card + PIN on our form, then sign-out ends the session', async () => {
      await choose('sierra-pin');
      await page.fill('#barcode', '21913000000001');
      await page.fill('#pin', '1234');
      await page.click('button[type="submit"]');
      await expectAccountOf('Reader, Rita');

      await page.click('#sign-out-all');
      await page.waitForURL(`${demo.url}/`);
      expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'ils_session' }));
      const account = await page.goto(`${demo.url}/account`);
      expect(account?.status()).toBe(401);
      expect(await page.textContent('h1')).toBe('Please sign in again');
    });

    async function signInWithPin(choice: string, barcode: string, pin: string): Promise<void> {
      await choose(choice);
      await page.fill('#barcode', barcode);
      await page.fill('#pin', pin);
      await page.click('button[type="submit"]');
      await page.waitForURL(`${demo.url}/account`);
    }

    /** The systems the account page shows, in page order. */
    function signedInTo(): Promise<(string | null)[]> {
      return page
        .locator('section.signed-in')
        .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-provider')));
    }

    it('a portal signed in to Sierra and OverDrive at once: both on the account page, out of one, then of all', async () => {
      await signInWithPin('sierra-pin', '21913000000001', '1234');
      await signInWithPin('overdrive', '23025000000001', '2468');
      expect(await signedInTo()).toEqual(['sierra-pin', 'overdrive']);
      expect(await page.textContent('[data-testid="patron-name"]')).toBe('Reader, Rita');
      // OverDrive's own record, read with the OverDrive patron's token beside the Sierra session.
      expect(await page.getAttribute('section[data-provider="overdrive"] .record', 'data-status')).toBe(
        '200',
      );

      await page.click('section[data-provider="overdrive"] button.sign-out-one');
      await page.waitForURL(`${demo.url}/account`);
      expect(await signedInTo()).toEqual(['sierra-pin']);

      await page.click('#sign-out-all');
      await page.waitForURL(`${demo.url}/`);
      expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'ils_session' }));
      expect((await page.goto(`${demo.url}/account`))?.status()).toBe(401);
    });

    it('a wrong PIN lands back on the form (failureRedirect) with a readable message, and the PIN appears nowhere', async () => {
      const pin = '86420';
      await choose('sierra-pin');
      await page.fill('#barcode', '21913000000003');
      await page.fill('#pin', pin);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url() === `${demo.url}/auth/sierra-pin/login`),
        page.click('button[type="submit"]'),
      ]);
      expect(answer.status()).toBe(303);
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(page.url()).searchParams.get('error')).toBe('invalid_credentials');
      expect(await page.textContent('[role="alert"]')).toContain('do not match');
      expect(await page.inputValue('#pin')).toBe('');
      expect(await page.content()).not.toContain(pin);
      expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'ils_session' }));

      // The same form signs in on the second try.
      await page.fill('#barcode', '21913000000001');
      await page.fill('#pin', '1234');
      await page.click('button[type="submit"]');
      await expectAccountOf('Reader, Rita');
    });

    it('OverDrive card + PIN; the account reads the patron record with the patron token', async () => {
      await choose('overdrive');
      await page.fill('#barcode', '23025000000001');
      await page.fill('#pin', '2468');
      await page.click('button[type="submit"]');
      await page.waitForURL(`${demo.url}/account`);
      expect(await page.textContent('main')).toContain('OverDrive card + PIN');
      expect(await page.getAttribute('.record', 'data-status')).toBe('200');
    });

    it("OverDrive's PIN-less website: the form asks for the card only", async () => {
      await choose('overdrive-pinless');
      expect(await page.locator('#pin').count()).toBe(0);
      await page.fill('#barcode', '23025000000002');
      await page.click('button[type="submit"]');
      await page.waitForURL(`${demo.url}/account`);
      expect(await page.textContent('main')).toContain('23025000000002');
      expect(await page.getAttribute('.record', 'data-status')).toBe('200');
    });

    async function signInAtRero(): Promise<void> {
      await choose('rero');
      await page.waitForURL((url) => url.pathname === '/signin');
      await page.fill('#email', 'jean.simon@example.ch');
      await page.fill('#password', 'Valais-2024');
      await page.click('#signin');
      await page.waitForSelector('#accept');
    }

    it('RERO ILS: sign in at RERO, allow, and the session renews itself after the token expired', async () => {
      await signInAtRero();
      await page.click('#accept');
      await expectAccountOf('Simon, Jean');
      expect(await page.textContent('main')).toContain('VS (vs-adult)');
      expect(await page.getAttribute('.record', 'data-status')).toBe('200');

      const tokenRequests = demo.emulators.rero.controls.tokenRequests();
      demo.emulators.rero.controls.advance(2 * 3600); // the access token is dead; the refresh token is not
      await page.reload();
      expect(await page.textContent('[data-testid="patron-name"]')).toBe('Simon, Jean');
      expect(await page.getAttribute('.record', 'data-status')).toBe('200');
      expect(demo.emulators.rero.controls.tokenRequests()).toBeGreaterThan(tokenRequests);
    });

    it('RERO ILS: denying consent leaves the patron signed out, back on the sign-in page that says so', async () => {
      await signInAtRero();
      const [answer] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/rero/callback'),
        page.click('#deny'),
      ]);
      expect(answer.status()).toBe(303);
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(await page.getAttribute('[role="alert"]', 'data-error')).toBe('access_denied');
      expect(await page.textContent('[role="alert"]')).toContain('chose not to share');
      expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'ils_session' }));
      expect((await page.goto(`${demo.url}/account`))?.status()).toBe(401);
    });

    it('the catalogue survives Sierra revoking every token (a restart)', async () => {
      await page.goto(`${demo.url}/catalogue`);
      expect(await page.textContent('tr[data-bib="1000004"]')).toContain('The left hand of darkness');
      const tokenRequests = demo.emulators.sierra.controls.tokenRequests('sierra.token');
      demo.emulators.sierra.controls.restart();
      const again = await page.reload();
      expect(again?.status()).toBe(200);
      expect(await page.textContent('tr[data-bib="1000005"]')).toContain('Middlemarch');
      expect(demo.emulators.sierra.controls.tokenRequests('sierra.token')).toBe(tokenRequests + 1);
    });

    it("OpenID Connect through the generic provider: the server's own sign-in and consent pages", async () => {
      await choose('library');
      await page.waitForURL(
        (url) => url.origin === demo.oidc.issuer && url.pathname.startsWith('/interaction/'),
      );
      await page.fill('#login', demo.oidc.patron.login);
      await page.fill('#password', demo.oidc.patron.password);
      await page.click('#sign-in');
      await page.waitForSelector('#allow');
      await page.click('#allow');
      await expectAccountOf(demo.oidc.patron.name);
      expect(await page.textContent('main')).toContain(demo.oidc.patron.email);
      // UserInfo, read with the patron's access token.
      expect(await page.getAttribute('.record', 'data-status')).toBe('200');
    });

    it("the Koha page reads Koha's patron API with the app token", async () => {
      await page.goto(`${demo.url}/`);
      await page.click('nav a[href="/koha"]');
      await page.waitForURL(`${demo.url}/koha`);
      expect(await page.locator('#koha-patrons .name').allTextContents()).toEqual(
        demo.emulators.koha.patrons.map((patron) => `${patron.surname}, ${patron.firstname}`),
      );
    });

    it('a library on SIP2: card + PIN on our form; a wrong PIN comes back to the form, then the patron signs in', async () => {
      const { valid } = demo.emulators.sip2.patrons;
      await choose('sip2');
      await page.fill('#barcode', valid.barcode);
      await page.fill('#pin', '0000');
      await page.click('button[type="submit"]');
      await page.waitForURL(
        (url) => url.pathname === '/signin' && url.searchParams.get('error') === 'invalid_credentials',
      );
      await signInWithPin('sip2', valid.barcode, valid.pin);
      expect(await signedInTo()).toEqual(['sip2']);
      expect(await page.textContent('[data-testid="patron-name"]')).toBe(valid.name);
    });

    it.each(FIVE_SYSTEMS)(
      '$label: a wrong PIN comes back to the form without it, the patron signs in, and its /systems page calls $label with the app credential',
      async (system) => {
        const [valid] = fiveSystemPatrons(demo.emulators).filter((patron) => patron.system === system.name);
        if (!valid) throw new Error(`no ${system.name} test patron`);
        await choose(system.name);
        await page.fill('#barcode', valid.login);
        await page.fill('#pin', 'not-the-PIN-9');
        await page.click('button[type="submit"]');
        await page.waitForURL(
          (url) => url.pathname === '/signin' && url.searchParams.get('error') === 'invalid_credentials',
        );
        expect(await page.getAttribute('p.error', 'data-error')).toBe('invalid_credentials');
        expect(await page.content()).not.toContain('not-the-PIN-9');
        await signInWithPin(system.name, valid.login, valid.secret);
        expect(await signedInTo()).toEqual([system.name]);
        expect(await page.textContent('[data-testid="patron-name"]')).toBe(valid.name);

        await page.goto(`${demo.url}/systems/${system.name}`);
        expect(await page.textContent('[data-testid="app-call-result"]')).not.toBe('');
        expect(await page.textContent('[data-testid="system-patron"]')).toBe(valid.name);
        expect(await page.content()).not.toContain(valid.secret);
      },
    );

    it('Koha card number + password on our form; an expired password is told apart from a wrong one', async () => {
      await choose('koha');
      await page.fill('#barcode', 'margaret');
      await page.fill('#pin', 'Apollo-1969');
      await page.click('button[type="submit"]');
      await page.waitForURL(
        (url) => url.pathname === '/signin' && url.searchParams.get('error') === 'password_expired',
      );
      expect(await page.content()).toContain('has expired');
      expect(await page.content()).not.toContain('Apollo-1969');
      await signInWithPin('koha', '23529000445172', 'Analytical-1843');
      expect(await signedInTo()).toEqual(['koha']);
    });
  },
);
