import { createClient } from '@ils-auth/core';
import {
  appCredentialCalls,
  FIVE_SYSTEMS,
  fiveSystemDescriptors,
  fiveSystemPatrons,
} from '@ils-auth/demo-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import { type NestDemo, startNestDemo } from './index.js';
import { platformFromEnv } from './platform.js';

let demo: NestDemo;

const HTML = { accept: 'text/html,application/xhtml+xml' };

/** The session cookie a sign-in answer set, as a `cookie` request header. */
function sessionCookie(answer: Response): string {
  const cookie = answer.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('ils_session='));
  if (!cookie) throw new Error(`no session cookie in a ${answer.status} answer`);
  return cookie;
}

function pinLogin(name: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${demo.url}/auth/${name}/login`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers,
    redirect: 'manual',
  });
}

describe('platformFromEnv', () => {
  it('is Express by default, Fastify on request, and refuses anything else', () => {
    expect(platformFromEnv(undefined)).toBe('express');
    expect(platformFromEnv('fastify')).toBe('fastify');
    expect(() => platformFromEnv('koa')).toThrow(/NEST_PLATFORM must be one of express, fastify/);
  });
});

// The same app, and the same tests, on both of Nest's HTTP platforms.
describe.each(['express', 'fastify'] as const)('on %s', (platform) => {
  beforeAll(async () => {
    demo = await startNestDemo({ platform });
  });
  afterAll(async () => {
    await demo?.close();
  });

  describe('startNestDemo', () => {
    it('listens on 127.0.0.1 and renders the home page with every sign-in choice and the test accounts', async () => {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const home = await fetch(`${demo.url}/`, { headers: HTML });
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toMatch(/^text\/html/);
      const text = await home.text();
      for (const href of [
        '/auth/sierra/login',
        '/auth/sierra-pin/form',
        '/auth/overdrive/form',
        '/auth/overdrive-pinless/form',
        '/auth/rero/login',
        '/auth/koha/form',
        '/auth/sip2/form',
        ...FIVE_SYSTEMS.map((system) => `/auth/${system.name}/form`),
      ]) {
        expect(text).toContain(`href="${href}"`);
      }
      expect(text).toContain('23529000445172');
      expect(text).toContain('Analytical-1843');
      expect(text).toContain('23333000000001');
      expect(text).toContain('21913000000001');
      expect(text).toContain('jean.simon@example.ch');
      // The five systems without OAuth: every seeded patron, in every state, with its login and secret.
      for (const patron of fiveSystemPatrons(demo.emulators)) {
        expect(text).toContain(`<code>${escapeHtml(patron.login)}</code>`);
        expect(text).toContain(`<code>${escapeHtml(patron.secret)}</code>`);
        expect(text).toContain(escapeHtml(patron.note));
      }
      // Inline CSS only, forms to this site only: an escaping mistake cannot run a script.
      expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(home.headers.get('referrer-policy')).toBe('same-origin');
    });

    it('refuses a second host: the demo is for loopback only', async () => {
      await expect(startNestDemo({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
    });
  });

  describe('the account page', () => {
    it('is 401 session_expired as JSON for an API client without a session', async () => {
      const answer = await fetch(`${demo.url}/account`);
      expect(answer.status).toBe(401);
      expect(await answer.json()).toEqual({
        statusCode: 401,
        error: 'session_expired',
        message: expect.any(String),
      });
    });

    it('is 401 with a page asking to sign in for a browser', async () => {
      const answer = await fetch(`${demo.url}/account`, { headers: HTML });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await answer.text()).toContain('Please sign in');
    });
  });

  describe('card + PIN sign-in over HTTP', () => {
    it('signs Rita in with Sierra, shows her account, and signs her out', async () => {
      const login = await pinLogin('sierra-pin', { barcode: '21913000000001', pin: '1234' }, HTML);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account');
      const cookie = sessionCookie(login);

      const account = await fetch(`${demo.url}/account`, { headers: { ...HTML, cookie } });
      expect(account.status).toBe(200);
      const page = await account.text();
      expect(page).toContain('Reader, Rita');
      expect(page).toContain('rita.reader@example.org');
      expect(page).not.toContain(cookie.split('=')[1]!.split('.')[1]!); // the session id stays in the cookie

      const logout = await fetch(`${demo.url}/auth/logout`, {
        method: 'POST',
        headers: { ...HTML, cookie },
        redirect: 'manual',
      });
      expect(logout.status).toBe(303);
      expect((await fetch(`${demo.url}/account`, { headers: { cookie } })).status).toBe(401);
    });

    it('answers an API client with the patron as JSON', async () => {
      const login = await pinLogin('overdrive', { barcode: '23025000000001', pin: '2468' });
      expect(login.status).toBe(200);
      const body = (await login.json()) as { patron: { provider: string; patronId: string } };
      expect(body.patron).toMatchObject({ provider: 'overdrive', patronId: '3100001' });
    });

    it('sends a wrong PIN from the form back to the form (failureRedirect), with the reason and without the PIN', async () => {
      const pin = '97531';
      const login = await pinLogin(
        'sierra-pin',
        { barcode: '21913000000003', pin, returnTo: '/catalogue' },
        HTML,
      );
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe(
        '/signin?error=invalid_credentials&provider=sierra-pin&returnTo=%2Fcatalogue',
      );
      expect(
        login.headers
          .getSetCookie()
          .some((line) => line.startsWith('ils_session=') && !line.includes('ils_session=;')),
      ).toBe(false);

      const form = await fetch(new URL(login.headers.get('location') ?? '', demo.url), { headers: HTML });
      expect(form.status).toBe(200);
      const page = await form.text();
      expect(page).toContain('do not match');
      expect(page).toContain('action="/auth/sierra-pin/login"');
      expect(page).toContain('name="returnTo" value="/catalogue"');
      expect(page).not.toContain(pin);
    });

    it('signs a patron of a library on SIP2 in with card and PIN, and sends a lost card back to the form with its reason', async () => {
      const { valid, lost } = demo.emulators.sip2.patrons;
      const form = await (await fetch(`${demo.url}/auth/sip2/form`, { headers: HTML })).text();
      expect(form).toContain('action="/auth/sip2/login"');
      const login = await pinLogin('sip2', { barcode: valid.barcode, pin: valid.pin }, HTML);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account');
      const account = await fetch(`${demo.url}/account`, {
        headers: { ...HTML, cookie: sessionCookie(login) },
      });
      const page = await account.text();
      expect(page).toContain('data-provider="sip2"');
      expect(page).toContain(valid.name);

      const refused = await pinLogin('sip2', { barcode: lost.barcode, pin: lost.pin }, HTML);
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/signin?error=card_lost&provider=sip2');
      const wrong = await pinLogin('sip2', { barcode: valid.barcode, pin: '0000' }, HTML);
      expect(wrong.headers.get('location')).toBe('/signin?error=invalid_credentials&provider=sip2');
      expect(`${await refused.text()}${await wrong.text()}`).not.toContain(lost.pin);
    });

    it.each(FIVE_SYSTEMS)(
      'signs a $label patron in with the same form, sends a wrong PIN back to it, and calls $label with the app credential',
      async (system) => {
        const [valid] = fiveSystemPatrons(demo.emulators).filter((patron) => patron.system === system.name);
        if (!valid) throw new Error(`no ${system.name} test patron`);
        const form = await (await fetch(`${demo.url}/auth/${system.name}/form`, { headers: HTML })).text();
        expect(form).toContain(`action="/auth/${system.name}/login"`);
        expect(form).toContain(`<label for="pin">${system.secretLabel}</label>`);

        const wrong = await pinLogin(system.name, { barcode: valid.login, pin: 'not-the-PIN-9' }, HTML);
        expect(wrong.status).toBe(303);
        const back = wrong.headers.get('location') ?? '';
        expect(back).toBe(`/signin?error=invalid_credentials&provider=${system.name}`);
        const refusedPage = await (await fetch(`${demo.url}${back}`, { headers: HTML })).text();
        expect(refusedPage).toContain('data-error="invalid_credentials"');
        expect(refusedPage).toContain(`action="/auth/${system.name}/login"`);
        expect(`${await wrong.text()}${refusedPage}`).not.toContain('not-the-PIN-9');

        const login = await pinLogin(system.name, { barcode: valid.login, pin: valid.secret }, HTML);
        expect(login.status).toBe(303);
        expect(login.headers.get('location')).toBe('/account');
        const cookie = sessionCookie(login);
        const account = await (await fetch(`${demo.url}/account`, { headers: { ...HTML, cookie } })).text();
        expect(account).toContain(`data-provider="${system.name}"`);
        expect(account).toContain(escapeHtml(valid.name));
        expect(account).not.toContain(valid.secret);
        expect(account).toContain(`href="/systems/${system.name}"`);

        const systemPage = await fetch(`${demo.url}/systems/${system.name}`, {
          headers: { ...HTML, cookie },
        });
        expect(systemPage.status).toBe(200);
        const body = await systemPage.text();
        const result = /<strong data-testid="app-call-result">([^<]*)<\/strong>/.exec(body)?.[1];
        // The same call made here with a client of our own: the page shows what the system answers.
        const direct = createClient(fiveSystemDescriptors(demo.emulators)[system.name]);
        expect(result).toBe((await appCredentialCalls(demo.emulators)[system.name](direct)).result);
        expect(body).toContain(`<strong data-testid="system-patron">${escapeHtml(valid.name)}</strong>`);
      },
    );

    it('signs a Koha patron in with card number and password, and sends an expired password back to the form saying so', async () => {
      const form = await (await fetch(`${demo.url}/auth/koha/form`, { headers: HTML })).text();
      expect(form).toContain('action="/auth/koha/login"');
      expect(form).toContain('<label for="pin">Password</label>');
      const login = await pinLogin('koha', { barcode: '23529000445172', pin: 'Analytical-1843' }, HTML);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account');
      const account = await fetch(`${demo.url}/account`, {
        headers: { ...HTML, cookie: sessionCookie(login) },
      });
      const page = await account.text();
      expect(page).toContain('data-provider="koha"');
      expect(page).toContain('Lovelace, Ada');

      const expired = await pinLogin('koha', { barcode: 'margaret', pin: 'Apollo-1969' }, HTML);
      expect(expired.status).toBe(303);
      expect(expired.headers.get('location')).toBe('/signin?error=password_expired&provider=koha');
      const again = await (
        await fetch(new URL(expired.headers.get('location') ?? '', demo.url), { headers: HTML })
      ).text();
      expect(again).toContain('has expired');
      expect(again).toContain('action="/auth/koha/login"');
      expect(again).not.toContain('Apollo-1969');
    });

    it('answers an API client a wrong PIN as 401 JSON, not a redirect', async () => {
      const login = await pinLogin(
        'sierra-pin',
        { barcode: '21913000000003', pin: '97531' },
        { accept: 'application/json' },
      );
      expect(login.status).toBe(401);
      expect(await login.json()).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    });

    it('shows only our words for a made-up failure code, and refuses a return path to another site', async () => {
      const answer = await fetch(
        `${demo.url}/signin?error=%3Cscript%3E&provider=overdrive&returnTo=%2F%2Fevil.example`,
        { headers: HTML },
      );
      const page = await answer.text();
      expect(page).toContain('Something went wrong');
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('evil.example');
      expect(page).toContain('name="returnTo" value="/account"');
    });

    it('refuses a sign-in form posted from another site (login CSRF), even with right credentials', async () => {
      const login = await pinLogin(
        'sierra-pin',
        { barcode: '21913000000001', pin: '1234' },
        { ...HTML, origin: 'http://attacker.example' },
      );
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toMatch(
        /^\/signin\?error=cross_site_request&provider=sierra-pin/,
      );
      expect(login.headers.getSetCookie().some((line) => /^ils_session=[^;]/.test(line))).toBe(false);
      const sameSite = await pinLogin(
        'sierra-pin',
        { barcode: '21913000000001', pin: '1234' },
        { ...HTML, origin: demo.url },
      );
      expect(sameSite.status).toBe(303);
      expect(sameSite.headers.get('location')).toBe('/account');
    });

    it('signs in on the PIN-less OverDrive website by card number alone', async () => {
      const login = await pinLogin('overdrive-pinless', { barcode: '23025000000002' }, HTML);
      expect(login.status).toBe(303);
      const account = await fetch(`${demo.url}/account`, {
        headers: { ...HTML, cookie: sessionCookie(login) },
      });
      expect(account.status).toBe(200);
      expect(await account.text()).toContain('23025000000002');
    });
  });

  describe('several systems at once', () => {
    function post(path: string, cookie: string) {
      return fetch(`${demo.url}${path}`, {
        method: 'POST',
        headers: { ...HTML, cookie },
        redirect: 'manual',
      });
    }
    function accountPage(cookie: string) {
      return fetch(`${demo.url}/account`, { headers: { ...HTML, cookie } });
    }
    /** The providers the account page shows a section for, in page order. */
    async function signedInTo(cookie: string): Promise<string[]> {
      const page = await (await accountPage(cookie)).text();
      return [...page.matchAll(/<section class="signed-in" data-provider="([^"]+)"/g)].map((m) => m[1] ?? '');
    }

    it('keeps Sierra when OverDrive signs in, signs out of one, then of all', async () => {
      const sierra = await pinLogin('sierra-pin', { barcode: '21913000000001', pin: '1234' }, HTML);
      const both = await pinLogin(
        'overdrive',
        { barcode: '23025000000001', pin: '2468' },
        { ...HTML, cookie: sessionCookie(sierra) },
      );
      expect(both.status).toBe(303);
      let cookie = sessionCookie(both);
      expect(await signedInTo(cookie)).toEqual(['sierra-pin', 'overdrive']);
      // Each read with its own patron's token or session.
      const page = await (await accountPage(cookie)).text();
      expect(page).toContain('Reader, Rita');
      expect(page).toContain('data-status="200"');

      const outOfOverDrive = await post('/auth/overdrive/logout', cookie);
      expect(outOfOverDrive.status).toBe(303);
      expect(outOfOverDrive.headers.get('location')).toBe('/account');
      cookie = sessionCookie(outOfOverDrive);
      expect(await signedInTo(cookie)).toEqual(['sierra-pin']);

      const outOfAll = await post('/auth/logout', cookie);
      expect(outOfAll.status).toBe(303);
      expect(outOfAll.headers.get('location')).toBe('/');
      expect((await accountPage(cookie)).status).toBe(401);
    });

    it('signs the patron out in every browser with ?everywhere=true', async () => {
      const credentials = { barcode: '21913000000001', pin: '1234' };
      const laptop = sessionCookie(await pinLogin('sierra-pin', credentials, HTML));
      const phone = sessionCookie(await pinLogin('sierra-pin', credentials, HTML));
      expect((await post('/auth/logout?everywhere=true', laptop)).status).toBe(303);
      expect((await accountPage(phone)).status).toBe(401);
    });

    it('refuses to sign out of a provider that does not exist', async () => {
      const cookie = sessionCookie(
        await pinLogin('sierra-pin', { barcode: '21913000000001', pin: '1234' }, HTML),
      );
      expect((await post('/auth/nonesuch/logout', cookie)).status).toBe(400);
      expect(await signedInTo(cookie)).toEqual(['sierra-pin']);
    });
  });

  describe('the catalogue (app token)', () => {
    it('lists Sierra bibs and keeps working after Sierra revoked every token', async () => {
      const first = await fetch(`${demo.url}/catalogue`, { headers: HTML });
      expect(first.status).toBe(200);
      expect(await first.text()).toContain('The left hand of darkness');
      demo.emulators.sierra.controls.restart();
      const again = await fetch(`${demo.url}/api/bibs/1000005`);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({
        id: '1000005',
        title: expect.stringContaining('Middlemarch'),
      });
    });

    it('answers 404 for a bib Sierra does not have', async () => {
      expect((await fetch(`${demo.url}/api/bibs/9999999`)).status).toBe(404);
    });

    it('turns a Sierra outage into 503 JSON for an API client', async () => {
      demo.emulators.sierra.controls.restart(); // the cached token is dead: the next call must ask for one
      demo.emulators.sierra.controls.inject({ endpoint: 'sierra.token', status: 503, times: 10 });
      try {
        const answer = await fetch(`${demo.url}/api/bibs/1000004`);
        expect(answer.status).toBe(503);
        expect(((await answer.json()) as { error: string }).error).toBe('provider_unavailable');
      } finally {
        demo.emulators.sierra.controls.clearFaults();
      }
    });
  });

  describe('the generic provider and Koha', () => {
    it('starts the OpenID Connect sign-in at the discovered authorization endpoint, with PKCE and a nonce', async () => {
      const login = await fetch(`${demo.url}/auth/library/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const authorization = new URL(login.headers.get('location') ?? '');
      expect(authorization.origin).toBe(demo.oidc.issuer);
      expect(authorization.searchParams.get('redirect_uri')).toBe(`${demo.url}/auth/library/callback`);
      expect(authorization.searchParams.get('scope')?.split(' ')).toContain('openid');
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorization.searchParams.get('nonce')).toBeTruthy();
      // The OpenID server accepts the client and its redirect URI: it sends the browser to its sign-in page.
      const accepted = await fetch(authorization, { redirect: 'manual' });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
    });

    it("reads Koha's patron records with the app token", async () => {
      const answer = await fetch(`${demo.url}/koha`, { headers: HTML });
      expect(answer.status).toBe(200);
      const page = await answer.text();
      expect(page).toContain('Lovelace, Ada');
      expect(page).toContain('Hopper, Grace');
    });
  });
});
