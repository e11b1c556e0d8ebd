import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NestDemo, startNestDemo } from './index.js';

let demo: NestDemo;

beforeAll(async () => {
  demo = await startNestDemo();
});
afterAll(async () => {
  await demo?.close();
});

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
    ]) {
      expect(text).toContain(`href="${href}"`);
    }
    expect(text).toContain('21913000000001');
    expect(text).toContain('jean.simon@example.ch');
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

  it('shows the form again after a wrong PIN, without the PIN in the page', async () => {
    const pin = '97531';
    const login = await pinLogin('sierra-pin', { barcode: '21913000000003', pin }, HTML);
    expect(login.status).toBe(401);
    const page = await login.text();
    expect(page).toContain('do not match');
    expect(page).toContain('action="/auth/sierra-pin/login"');
    expect(page).not.toContain(pin);
    expect(
      login.headers
        .getSetCookie()
        .some((line) => line.startsWith('ils_session=') && !line.includes('ils_session=;')),
    ).toBe(false);
  });

  it('refuses a sign-in form posted from another site (login CSRF), even with right credentials', async () => {
    const login = await pinLogin(
      'sierra-pin',
      { barcode: '21913000000001', pin: '1234' },
      { ...HTML, origin: 'http://attacker.example' },
    );
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie()).toEqual([]);
    const sameSite = await pinLogin(
      'sierra-pin',
      { barcode: '21913000000001', pin: '1234' },
      { ...HTML, origin: demo.url },
    );
    expect(sameSite.status).toBe(303);
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
