import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReroEmulator, type SierraEmulator, startRero, startSierra } from './index.js';

// Debian's Chromium, never a downloaded one. On CI a missing browser is a failure, not a skip.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) {
  throw new Error(
    `Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH (CI must not skip browser tests)`,
  );
}
if (!available)
  console.warn(`[login-pages.browser.test] skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

/** A stand-in for the client application: it records what lands on its redirect URI. */
async function startCallbackServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>callback</title><p>received ${req.url?.length ?? 0} bytes of query</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback` };
}

// Chromium is slow to start on a busy machine: give the browser more than the default 20 s.
describe.skipIf(!available)('login pages in a real browser', { timeout: 60_000 }, () => {
  let browser: Browser;
  let sierra: SierraEmulator;
  let rero: ReroEmulator;
  let callback: { server: Server; url: string };

  beforeAll(async () => {
    [browser, sierra, rero, callback] = await Promise.all([
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      }),
      startSierra(),
      startRero(),
      startCallbackServer(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), sierra?.close(), rero?.close()]);
    await new Promise((resolve) => callback?.server.close(resolve));
  });

  async function landOnCallback(page: Page, action: () => Promise<unknown>): Promise<URL> {
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback.url)), action()]);
    return new URL(page.url());
  }

  it('signs a patron in on the Sierra login page and delivers code and state', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const query = new URLSearchParams({
      client_id: sierra.credentials.clientId,
      redirect_uri: callback.url,
      state: 'sierra-browser-state',
      response_type: 'code',
    });
    await page.goto(`${sierra.authorizeUrl}?${query}`);
    await page.fill('input[name="code"]', '21913000000001');
    await page.fill('input[name="pin"]', '0000');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);

    await page.fill('input[name="pin"]', '1234');
    const landed = await landOnCallback(page, () => page.click('button[type="submit"]'));
    expect(landed.searchParams.get('code')).toMatch(/^[\w-]+$/);
    expect(landed.searchParams.get('state')).toBe('sierra-browser-state');
    await context.close();
  });

  it('signs a patron in on RERO, consents, and delivers code and state; denying gives access_denied', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const authorize = (state: string) =>
      `${rero.authorizeUrl}?${new URLSearchParams({
        client_id: rero.credentials.clientId,
        response_type: 'code',
        redirect_uri: callback.url,
        scope: 'fullname birthdate',
        state,
      })}`;

    await page.goto(authorize('rero-accept'));
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('input[name="email"]', 'jean.simon@example.ch');
    await page.fill('input[name="password"]', 'Valais-2024');
    await page.click('button[type="submit"]');
    await page.waitForSelector('button[name="confirm"][value="yes"]');
    const accepted = await landOnCallback(page, () => page.click('button[name="confirm"][value="yes"]'));
    const code = accepted.searchParams.get('code') ?? '';
    expect(code).toMatch(/^[\w-]+$/);
    expect(accepted.searchParams.get('state')).toBe('rero-accept');

    // The code the browser carried really is exchangeable.
    const exchanged = await fetch(rero.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: rero.credentials.clientId,
        client_secret: rero.credentials.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: callback.url,
      }),
    });
    expect(exchanged.status).toBe(200);

    // Already signed in: straight to consent, and this time deny.
    await page.goto(authorize('rero-deny'));
    const denied = await landOnCallback(page, () => page.click('button[name="confirm"][value="no"]'));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('rero-deny');
    expect(denied.searchParams.get('code')).toBeNull();
    await context.close();
  });
});
