import { rero, sierra } from '@ils-auth/core';
import { type ReroEmulator, type SierraEmulator, startRero, startSierra } from '@ils-auth/emulator';
import { Browser, readForm } from '@ils-auth/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignInCallbackMessage, SignInEventMessage, SignOutEventMessage } from './sign-in-hooks.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

const RITA = { barcode: '21913000000001', pin: '1234' };
const JEAN = { email: 'jean.simon@example.ch', password: 'Valais-2024' };
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let sierraServer: SierraEmulator;
let reroServer: ReroEmulator;
let app: TestApp | undefined;

beforeAll(async () => {
  [sierraServer, reroServer] = await Promise.all([startSierra(), startRero()]);
});
afterAll(async () => {
  await Promise.all([sierraServer.close(), reroServer.close()]);
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
        rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials }),
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

describe('callbacks.signIn', () => {
  it('maps the patron to the application user, kept with the session on later requests', async () => {
    const seen: SignInCallbackMessage[] = [];
    await start({
      callbacks: {
        signIn: (message) => {
          seen.push(message);
          return { user: { id: `u-${message.patron.patronId}`, role: 'reader' } };
        },
      },
    });
    const browser = new Browser();
    expect((await submitForm(browser, { ...RITA, returnTo: '/account' })).location).toBe(
      `${app!.url}/account`,
    );
    expect(seen.map((message) => message.provider)).toEqual(['card']);
    expect(seen[0]!.patron.profile?.name).toBe('Reader, Rita');
    const user = await browser.request(`${app!.url}/me/user`);
    expect(JSON.parse(user.body)).toEqual({ user: { id: 'u-1000001', role: 'reader' } });
  });

  it('refuses with a reason: a page goes to failureRedirect?error=<reason>, JSON gets 403, no session stays', async () => {
    await start({
      failureRedirect: '/login',
      callbacks: {
        signIn: ({ patron }) =>
          patron.profile?.expiresAt && patron.profile.expiresAt < '2099-01-01'
            ? { error: 'card_expired', message: 'Your card has expired: renew it at the desk.' }
            : true,
      },
    });
    const browser = new Browser();
    const page = await submitForm(browser, { ...RITA, returnTo: '/account' });
    expect(page.status).toBe(303);
    expect(page.location).toBe(`${app!.url}/login?error=card_expired&provider=card&returnTo=%2Faccount`);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookie('ils_session')).toBeUndefined();

    const api = await postJson(browser, '/auth/card/login', RITA);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body).error).toMatchObject({
      code: 'access_denied',
      message: 'Your card has expired: renew it at the desk.',
    });
    expect(browser.cookie('ils_session')).toBeUndefined();
  });

  it('chooses where the patron goes: a path, or redirectTo; an off-site one is refused', async () => {
    let answer: unknown = '/welcome';
    await start({ callbacks: { signIn: () => answer } as never });
    const browser = new Browser();
    expect((await submitForm(browser, { ...RITA, returnTo: '/account' })).location).toBe(
      `${app!.url}/welcome`,
    );
    answer = { user: 'rita', redirectTo: '/tour' };
    expect((await submitForm(browser, { ...RITA, returnTo: '/account' })).location).toBe(`${app!.url}/tour`);
    answer = 'https://evil.example/';
    const refused = await postJson(new Browser(), '/auth/card/login', RITA);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body).error.code).toBe('config_invalid');
  });

  it('runs in code flows too: a refused RERO patron comes back to failureRedirect with no session', async () => {
    await start({ failureRedirect: '/login', callbacks: { signIn: ({ provider }) => provider !== 'rero' } });
    const browser = new Browser();
    const signinPage = await browser.navigate(`${app!.url}/auth/rero/login?returnTo=/account`);
    const signin = readForm(signinPage.body, signinPage.url);
    const consentPage = await browser.submit(signin.action, { ...signin.fields, ...JEAN });
    const consent = readForm(consentPage.body, consentPage.url);
    const landing = await browser.submit(consent.action, { ...consent.fields, confirm: 'yes' });
    expect(landing.url).toBe(`${app!.url}/login?error=access_denied&provider=rero`);
    expect(landing.body).toBe('form error=access_denied provider=rero returnTo=undefined');
    expect(browser.cookie('ils_session')).toBeUndefined();
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

  it('a declined consent lands on the failure page as a page navigation', async () => {
    await start({ failureRedirect: '/login' });
    const browser = new Browser();
    const signinPage = await browser.navigate(`${app!.url}/auth/rero/login`);
    const signin = readForm(signinPage.body, signinPage.url);
    const consentPage = await browser.submit(signin.action, { ...signin.fields, ...JEAN });
    const consent = readForm(consentPage.body, consentPage.url);
    const landing = await browser.submit(consent.action, { ...consent.fields, confirm: 'no' });
    expect(landing.url).toBe(`${app!.url}/login?error=access_denied&provider=rero`);
  });

  it('must be a path on this site', async () => {
    await expect(start({ failureRedirect: 'https://evil.example/' })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });
});

describe('events', () => {
  it('tells signIn and signOut after the fact; a throwing handler does not fail the request', async () => {
    const told: string[] = [];
    const errors: unknown[] = [];
    await start({
      callbacks: { signIn: () => ({ user: 'rita' }) },
      events: {
        signIn: ({ patron, provider }: SignInEventMessage) => {
          told.push(`in ${provider} ${String(patron.user)}`);
          throw new Error('audit log is down');
        },
        signOut: ({ patron, everywhere }: SignOutEventMessage) => {
          told.push(`out ${patron.provider} everywhere=${everywhere}`);
        },
        error: (error) => errors.push(error),
      },
    });
    const browser = new Browser();
    expect((await postJson(browser, '/auth/card/login', RITA)).status).toBe(200);
    expect((await postJson(browser, '/auth/logout', { everywhere: true })).status).toBe(204);
    expect(told).toEqual(['in card rita', 'out card everywhere=true']);
    expect(errors).toHaveLength(1);
  });

  it('refuses unknown hook names at start-up', async () => {
    await expect(start({ callbacks: { signin: () => true } as never })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('callbacks.signin'),
    });
  });
});
