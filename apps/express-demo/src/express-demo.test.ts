import { createClient } from '@ils-auth/core';
import {
  appCredentialCalls,
  FIVE_SYSTEMS,
  fiveSystemDescriptors,
  fiveSystemPatrons,
} from '@ils-auth/demo-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html.js';
import { type ExpressDemo, startExpressDemo } from './index.js';

let demo: ExpressDemo;

beforeAll(async () => {
  demo = await startExpressDemo();
});
afterAll(async () => {
  await demo?.close();
});

/** The cookies a response sets, as a Cookie header (name=value only). */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

function postForm(path: string, fields: Record<string, string>, cookie = ''): Promise<Response> {
  return fetch(`${demo.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
    body: new URLSearchParams(fields),
  });
}

/**
 * Posts a card + PIN that `name` refuses and follows the router's failureRedirect back to the system's own
 * form: the form's page, which must say `code` and must not show the PIN.
 */
async function refusedBackToForm(name: string, barcode: string, pin: string, code: string): Promise<string> {
  const refused = await postForm(`/auth/${name}/login`, { barcode, pin, returnTo: '/account' });
  expect(refused.status).toBe(303);
  const failure = new URL(refused.headers.get('location') ?? '', demo.url);
  expect(failure.searchParams.get('error')).toBe(code);
  const back = await fetch(failure, { redirect: 'manual' });
  expect(back.headers.get('location')).toBe(`/signin/${name}?error=${code}&returnTo=%2Faccount`);
  const page = await (await fetch(`${demo.url}${back.headers.get('location')}`)).text();
  expect(page).toContain(`data-code="${code}"`);
  expect(`${failure}${page}`).not.toContain(pin);
  return page;
}

describe('express demo over HTTP', () => {
  it('listens on loopback and renders the home page with sign-in choices and the seeded test patrons', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${demo.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const body = await response.text();
    for (const link of [
      '/auth/sierra/login',
      '/signin/card',
      '/signin/overdrive',
      '/signin/overdrive-cardonly',
      '/auth/rero/login',
      '/signin/koha',
      '/signin/sip2',
      ...FIVE_SYSTEMS.map((system) => `/signin/${system.name}`),
      '/passport/sierra-pin',
    ])
      expect(body).toContain(`href="${link}?returnTo=%2Faccount"`);
    expect(body).toContain('23529000445172');
    expect(body).toContain('Analytical-1843');
    expect(body).toContain('23333000000001');
    expect(body).toContain('password expired');
    expect(body).toContain('21913000000001');
    expect(body).toContain('23025000000002');
    expect(body).toContain('jean.simon@example.ch');
    expect(body).toContain('Valais-2024');
    // The five systems without OAuth: every seeded patron, in every state, with its login and secret.
    const five = fiveSystemPatrons(demo.emulators);
    expect(new Set(five.map((patron) => patron.system)).size).toBe(5);
    for (const patron of five) {
      expect(body).toContain(`<code>${escapeHtml(patron.login)}</code>`);
      expect(body).toContain(`<code>${escapeHtml(patron.secret)}</code>`);
      expect(body).toContain(escapeHtml(patron.note));
    }
  });

  it('sends a visitor of a protected page to sign-in, coming back afterwards', async () => {
    const response = await fetch(`${demo.url}/account`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/signin?returnTo=%2Faccount');
    const api = await fetch(`${demo.url}/overdrive`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
  });

  it('signs a patron in with the card + PIN form and shows the profile on the account page', async () => {
    const login = await postForm('/auth/card/login', {
      barcode: '21913000000001',
      pin: '1234',
      returnTo: '/account',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    const cookie = cookiesOf(login);
    expect(cookie).toMatch(/^ils_session=/);
    const account = await fetch(`${demo.url}/account`, { headers: { cookie } });
    expect(account.status).toBe(200);
    const body = await account.text();
    expect(body).toContain('Reader, Rita');
    expect(body).toContain('rita.reader@example.org');
    expect(body).toContain('<span class="live-status">200</span>');
    expect(body).not.toContain('1234<');

    const logout = await postForm('/auth/logout', {}, cookie);
    expect(logout.status).toBe(303);
    const after = await fetch(`${demo.url}/account`, { redirect: 'manual', headers: { cookie } });
    expect(after.status).toBe(302);
  });

  it('sends a wrong PIN back to its form by redirect, with a readable message and without the PIN', async () => {
    const response = await postForm('/auth/card/login', {
      barcode: '21913000000006',
      pin: '9081726354',
      returnTo: '/overdrive',
    });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie()).toEqual([]);
    const failure = new URL(response.headers.get('location') ?? '', demo.url);
    expect(failure.pathname).toBe('/signin');
    expect(failure.searchParams.get('error')).toBe('invalid_credentials');
    expect(failure.searchParams.get('provider')).toBe('card');

    const signin = await fetch(failure, { redirect: 'manual' });
    expect(signin.status).toBe(303);
    expect(signin.headers.get('location')).toBe(
      '/signin/card?error=invalid_credentials&returnTo=%2Foverdrive',
    );
    const form = await fetch(`${demo.url}${signin.headers.get('location')}`);
    const body = await form.text();
    expect(form.status).toBe(200);
    expect(body).toContain('data-code="invalid_credentials"');
    expect(body).toContain('do not match');
    expect(body).toContain('action="/auth/card/login"');
    expect(body).toContain('value="/overdrive"');
    expect(body).not.toContain('9081726354');
  });

  it('keeps Sierra and OverDrive signed in at once, and signs out of one or of all', async () => {
    const sierraLogin = await postForm('/auth/card/login', { barcode: '21913000000001', pin: '1234' });
    expect(sierraLogin.status).toBe(303);
    const overdriveLogin = await postForm(
      '/auth/overdrive/login',
      { barcode: '23025000000001', pin: '2468' },
      cookiesOf(sierraLogin),
    );
    expect(overdriveLogin.status).toBe(303);
    const both = cookiesOf(overdriveLogin);

    const account = await (await fetch(`${demo.url}/account`, { headers: { cookie: both } })).text();
    expect(account).toContain('<span id="signed-in-count">2</span>');
    expect(account).toContain('id="patron-card"');
    expect(account).toContain('id="patron-overdrive"');
    expect(account).toContain('Reader, Rita');
    expect(account.match(/<span class="live-status">200<\/span>/g)).toHaveLength(2);
    const ebooks = await (await fetch(`${demo.url}/overdrive`, { headers: { cookie: both } })).text();
    expect(ebooks).toContain('3100001');

    const outOfOverDrive = await postForm('/auth/overdrive/logout', {}, both);
    expect(outOfOverDrive.status).toBe(303);
    const sierraOnly = cookiesOf(outOfOverDrive);
    const after = await (await fetch(`${demo.url}/account`, { headers: { cookie: sierraOnly } })).text();
    expect(after).toContain('<span id="signed-in-count">1</span>');
    expect(after).toContain('id="patron-card"');
    expect(after).not.toContain('id="patron-overdrive"');

    const outOfAll = await postForm('/auth/logout', {}, sierraOnly);
    expect(outOfAll.status).toBe(303);
    const gone = await fetch(`${demo.url}/account`, { redirect: 'manual', headers: { cookie: both } });
    expect(gone.status).toBe(302);
  });

  it('starts the OpenID Connect sign-in at the discovered authorization endpoint, with PKCE and a nonce', async () => {
    const login = await fetch(`${demo.url}/auth/library/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorization = new URL(login.headers.get('location') ?? '');
    expect(authorization.origin).toBe(demo.oidc.issuer);
    expect(authorization.searchParams.get('client_id')).toBe(demo.oidc.client.clientId);
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
    const response = await fetch(`${demo.url}/koha`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('Lovelace, Ada');
    expect(body).toContain('Hopper, Grace');
    expect(demo.emulators.koha.controls.tokenRequests('koha.token')).toBe(1);
  });

  it('signs a patron of a library on SIP2 in with card and PIN, and sends a lost card back to the form with its reason', async () => {
    const { valid, lost } = demo.emulators.sip2.patrons;
    const formBody = await (await fetch(`${demo.url}/signin/sip2?returnTo=%2Faccount`)).text();
    expect(formBody).toContain('action="/auth/sip2/login"');
    expect(formBody).toContain('PIN <input name="pin"');
    const login = await postForm('/auth/sip2/login', {
      barcode: valid.barcode,
      pin: valid.pin,
      returnTo: '/account',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    const account = await fetch(`${demo.url}/account`, { headers: { cookie: cookiesOf(login) } });
    const body = await account.text();
    expect(body).toContain('id="patron-sip2"');
    expect(body).toContain(valid.name);
    expect(body).toContain('no web API to read it again');

    await refusedBackToForm('sip2', lost.barcode, lost.pin, 'card_lost');
  });

  it.each(FIVE_SYSTEMS)(
    'signs a $label patron in with the same form, sends a wrong PIN back to it, and calls $label with the app credential',
    async (system) => {
      const [valid] = fiveSystemPatrons(demo.emulators).filter((patron) => patron.system === system.name);
      if (!valid) throw new Error(`no ${system.name} test patron`);
      const formBody = await (await fetch(`${demo.url}/signin/${system.name}?returnTo=%2Faccount`)).text();
      expect(formBody).toContain(`action="/auth/${system.name}/login"`);
      expect(formBody).toContain(`${system.secretLabel} <input name="pin"`);

      await refusedBackToForm(system.name, valid.login, 'not-the-PIN-9', 'invalid_credentials');

      const login = await postForm(`/auth/${system.name}/login`, {
        barcode: valid.login,
        pin: valid.secret,
        returnTo: '/account',
      });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account');
      const cookie = cookiesOf(login);
      const account = await (await fetch(`${demo.url}/account`, { headers: { cookie } })).text();
      expect(account).toContain(`id="patron-${system.name}"`);
      expect(account).toContain(escapeHtml(valid.name));
      expect(account).not.toContain(valid.secret);
      expect(account).toContain(`<a href="/${system.name}">its page</a>`);

      const systemPage = await fetch(`${demo.url}/${system.name}`, { headers: { cookie } });
      expect(systemPage.status).toBe(200);
      const body = await systemPage.text();
      const result = /<strong id="app-call-result">([^<]*)<\/strong>/.exec(body)?.[1];
      // The same call made here with a client of our own: the page shows what the system answers.
      const direct = createClient(fiveSystemDescriptors(demo.emulators)[system.name]);
      expect(result).toBe((await appCredentialCalls(demo.emulators)[system.name](direct)).result);
      expect(body).toContain(`as <strong class="patron-name">${escapeHtml(valid.name)}</strong>`);
    },
  );

  it('signs a Koha patron in with card number and password, and sends an expired password back to the form saying so', async () => {
    const form = await fetch(`${demo.url}/signin/koha?returnTo=%2Faccount`);
    const formBody = await form.text();
    expect(formBody).toContain('action="/auth/koha/login"');
    expect(formBody).toContain('Password <input name="pin"');
    expect(formBody).not.toMatch(/value="Analytical/);
    const login = await postForm('/auth/koha/login', {
      barcode: '23529000445172',
      pin: 'Analytical-1843',
      returnTo: '/account',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    const account = await fetch(`${demo.url}/account`, { headers: { cookie: cookiesOf(login) } });
    const body = await account.text();
    expect(body).toContain('id="patron-koha"');
    expect(body).toContain('Lovelace, Ada');
    expect(body).toContain('<span class="live-status">200</span>');

    const page = await refusedBackToForm('koha', 'margaret', 'Apollo-1969', 'password_expired');
    expect(page).toContain('has expired');
  });

  it('shows the OverDrive patron from /v1/patrons/me after a PIN-less sign-in', async () => {
    const login = await postForm('/auth/overdrive-cardonly/login', {
      barcode: '23025000000002',
      returnTo: '/overdrive',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/overdrive');
    const page = await fetch(`${demo.url}/overdrive`, { headers: { cookie: cookiesOf(login) } });
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(body).toContain('<span id="status">200</span>');
    expect(body).toContain('3100002');
  });

  it('signs in through the Passport route and keeps the user in express-session', async () => {
    const form = await fetch(`${demo.url}/passport/sierra-pin?returnTo=/passport/account`);
    expect(form.status).toBe(200);
    const login = await postForm(
      '/passport/sierra-pin',
      { barcode: 'LibCard42', pin: '0042' },
      cookiesOf(form),
    );
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/passport/account');
    const account = await fetch(`${demo.url}/passport/account`, { headers: { cookie: cookiesOf(login) } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('Case, Mixed');
  });

  it('refuses a Passport sign-in posted from another site', async () => {
    const response = await fetch(`${demo.url}/passport/sierra-pin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ barcode: '21913000000001', pin: '1234' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('counts one card in one throttle, whether its PINs come through the router or the Passport route', async () => {
    // A card no other test guesses at; the limit is 5 wrong PINs per card in both integrations.
    const card = '21913000000004';
    const validations = () =>
      demo.emulators.sierra.controls
        .requests()
        .filter((entry) => entry.endpoint === 'sierra.patrons.validate').length;
    const before = validations();
    const statuses: number[] = [];
    let tokensAfterTheRouter = 0;
    for (let guess = 0; guess < 10; guess++) {
      const route = guess % 2 === 0 ? '/auth/card/login' : '/passport/sierra-pin';
      const answer = await postForm(route, { barcode: card, pin: '0000' });
      statuses.push(answer.status);
      if (guess === 0) tokensAfterTheRouter = demo.emulators.sierra.controls.tokenRequests();
    }
    expect(validations() - before, `answers: ${statuses.join(' ')}`).toBe(5);
    // One Sierra app token for the site: the strategy reads the router's from the shared store.
    expect(demo.emulators.sierra.controls.tokenRequests()).toBe(tokensAfterTheRouter);
  });

  it('signs a Passport user out only on a same-origin POST, which ends the core session', async () => {
    const form = await fetch(`${demo.url}/passport/sierra-pin?returnTo=/passport/account`);
    const login = await postForm(
      '/passport/sierra-pin',
      { barcode: 'LibCard42', pin: '0042' },
      cookiesOf(form),
    );
    const cookie = cookiesOf(login);
    const crossSite = await fetch(`${demo.url}/passport/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(
      (await fetch(`${demo.url}/passport/account`, { headers: { cookie }, redirect: 'manual' })).status,
    ).toBe(200);
    const signOut = await fetch(`${demo.url}/passport/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: demo.url },
    });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get('cache-control')).toBe('no-store');
    expect(
      (await fetch(`${demo.url}/passport/account`, { headers: { cookie }, redirect: 'manual' })).status,
    ).not.toBe(200);
  });

  it('reads the catalogue with the app token', async () => {
    const response = await fetch(`${demo.url}/catalogue`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('The left hand of darkness');
  });
});

describe('html', () => {
  it('escapes every interpolated value', () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe(
      '&#60;script&#62;&#34;x&#34;&#38;&#39;y&#39;&#60;/script&#62;',
    );
    expect(html`<td>${'<b>'}</td>${html`<i>${'&'}</i>`}`.text).toBe('<td>&#60;b&#62;</td><i>&#38;</i>');
  });
});
