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
      '/passport/sierra-pin',
    ])
      expect(body).toContain(`href="${link}?returnTo=%2Faccount"`);
    expect(body).toContain('21913000000001');
    expect(body).toContain('23025000000002');
    expect(body).toContain('jean.simon@example.ch');
    expect(body).toContain('Valais-2024');
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
    expect(body).toContain('<span id="live-status">200</span>');
    expect(body).not.toContain('1234<');

    const logout = await postForm('/auth/logout', {}, cookie);
    expect(logout.status).toBe(303);
    const after = await fetch(`${demo.url}/account`, { redirect: 'manual', headers: { cookie } });
    expect(after.status).toBe(302);
  });

  it('answers a wrong PIN with a 401 page that does not repeat the PIN', async () => {
    const response = await postForm('/auth/card/login', { barcode: '21913000000006', pin: '9081726354' });
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).toContain('do not match');
    expect(body).toContain('href="/signin/card"');
    expect(body).not.toContain('9081726354');
    expect(response.headers.getSetCookie()).toEqual([]);
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
