import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Browser } from '@ils-auth/test-support';
import type { Request } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignInCallbackMessage, SignInEventMessage } from './index.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let sierraServer: SierraEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  sierraServer = await startSierra();
});
afterAll(async () => {
  await sierraServer.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Options = Parameters<typeof startTestApp>[0];
async function start(options: Partial<Options> = {}): Promise<TestApp> {
  app = await startTestApp(
    {
      providers: {
        card: { provider: sierra({ baseUrl: sierraServer.url, ...sierraServer.credentials }), signIn: 'pin' },
      },
      ...options,
    },
    (express) => {
      express.get('/login', (req, res) => {
        res
          .type('text')
          .send(
            `form error=${req.query.error} provider=${req.query.provider} returnTo=${req.query.returnTo}`,
          );
      });
      express.get('/me/user', (req, res) => {
        res.json({ user: req.patron?.user ?? null });
      });
    },
  );
  return app;
}

/** The app's own form, posted as a browser does (HTML wanted), without following the redirect. */
function submitForm(browser: Browser, fields: Record<string, string>) {
  return browser.request(`${app!.url}/auth/card/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: HTML },
    body: new URLSearchParams(fields).toString(),
  });
}

function postJson(browser: Browser, path: string, body: Record<string, unknown>) {
  return browser.request(`${app!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

// Core tests the hooks (sign-in-hooks.test.ts in core/src/web/engine); here, what Express adds: its own
// request handed to them, and the mapped user as `req.patron.user` on the next request.
describe('callbacks and events', () => {
  it("are handed Express's request; the user the callback maps is req.patron.user afterwards", async () => {
    const seen: string[] = [];
    await start({
      callbacks: {
        signIn: ({ patron, req }: SignInCallbackMessage<Request>) => {
          seen.push(`signIn ${req.get('x-branch')} ${patron.provider}`);
          return { user: { id: `user-${patron.patronId}` } };
        },
      },
      events: {
        signIn: ({ req, patron }: SignInEventMessage<unknown, Request>) => {
          seen.push(`event ${req.originalUrl} ${JSON.stringify(patron.user)}`);
        },
      },
    });
    const browser = new Browser();
    const signedIn = await browser.request(`${app!.url}/auth/card/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-branch': 'north' },
      body: JSON.stringify(RITA),
    });
    expect(signedIn.status).toBe(200);
    expect(seen).toEqual(['signIn north card', 'event /auth/card/login {"id":"user-1000001"}']);
    expect(JSON.parse((await browser.request(`${app!.url}/me/user`)).body)).toEqual({
      user: { id: 'user-1000001' },
    });
  });
});

describe('failureRedirect', () => {
  it('a wrong PIN from an HTML form is a redirect with a safe code; from fetch() it is JSON', async () => {
    await start({ failureRedirect: '/login' });
    const browser = new Browser();
    const page = await submitForm(browser, { barcode: RITA.barcode, pin: '9999', returnTo: '/account' });
    expect(page.status).toBe(303);
    expect(page.location).toBe(
      `${app!.url}/login?error=invalid_credentials&provider=card&returnTo=%2Faccount`,
    );
    expect(page.location).not.toContain('9999');

    const api = await postJson(browser, '/auth/card/login', { barcode: RITA.barcode, pin: '9999' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe('invalid_credentials');
  });
});
