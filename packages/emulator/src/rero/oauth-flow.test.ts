import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type ReroEmulator, startRero } from './emulator.js';

const REDIRECT = 'http://127.0.0.1:8456/rero/callback';
const ALL_SCOPES = 'fullname birthdate institution expiration_date patron_type patron_types';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

let rero: ReroEmulator;
beforeAll(async () => {
  rero = await startRero();
});
afterAll(() => rero.close());

async function signIn(email = 'jean.simon@example.ch', password = 'Valais-2024'): Promise<string> {
  const response = await fetch(rero.signinUrl, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ email, password, next: '/' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

function authorizeParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: rero.credentials.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: ALL_SCOPES,
    state: 'rero-state',
    ...extra,
  };
}

async function consent(cookie: string, params: Record<string, string>, confirm: 'yes' | 'no'): Promise<URL> {
  const page = await fetch(`${rero.authorizeUrl}?${new URLSearchParams(params)}`, {
    headers: { Cookie: cookie },
  });
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(rero.authorizeUrl, {
    method: 'POST',
    headers: { ...FORM, Cookie: cookie },
    body: new URLSearchParams({ ...params, csrf_token: csrf, confirm }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function code(extra: Record<string, string> = {}, cookie?: string): Promise<string> {
  const location = await consent(cookie ?? (await signIn()), authorizeParams(extra), 'yes');
  return location.searchParams.get('code') ?? '';
}

function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(rero.tokenUrl, {
    method: 'POST',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams({
      client_id: rero.credentials.clientId,
      client_secret: rero.credentials.clientSecret,
      ...fields,
    }),
  });
}

const exchange = (authorizationCode: string, extra: Record<string, string> = {}) =>
  token({ grant_type: 'authorization_code', code: authorizationCode, redirect_uri: REDIRECT, ...extra });

const info = (accessToken: string) =>
  fetch(rero.patronInfoUrl, { headers: { Authorization: `Bearer ${accessToken}` } });

describe('RERO sign-in', () => {
  it('shows a form with email, password and next', async () => {
    const html = await (await fetch(`${rero.signinUrl}?next=/oauth/authorize%3Fx%3D1`)).text();
    expect(html).toContain('name="email"');
    expect(html).toContain('name="password"');
    expect(html).toContain('name="next" value="/oauth/authorize?x=1"');
  });

  it('sets an httpOnly session cookie and goes to next; re-renders on failure without the password', async () => {
    const ok = await fetch(rero.signinUrl, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        email: 'anna.muster@example.ch',
        password: 'Fribourg-2024',
        next: '/oauth/authorize?a=b',
      }),
      redirect: 'manual',
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/oauth/authorize?a=b');
    expect(ok.headers.getSetCookie()[0]).toMatch(/; HttpOnly/);
    const bad = await fetch(rero.signinUrl, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ email: 'anna.muster@example.ch', password: 'not-her-password', next: '/' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(200);
    const html = await bad.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('not-her-password');
    expect(bad.headers.getSetCookie()).toEqual([]);
  });

  it('never sends the patron to another site after sign-in', async () => {
    const response = await fetch(rero.signinUrl, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        email: 'jean.simon@example.ch',
        password: 'Valais-2024',
        next: '//evil.example/',
      }),
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe('/');
  });
});

describe('RERO authorize', () => {
  it('sends a stranger to /signin with the authorize URL as next', async () => {
    const query = new URLSearchParams(authorizeParams());
    const response = await fetch(`${rero.authorizeUrl}?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '', rero.url);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('next')).toBe(`/oauth/authorize?${query}`);
  });

  it('shows a consent page with the hidden fields and confirm buttons', async () => {
    const html = await (
      await fetch(`${rero.authorizeUrl}?${new URLSearchParams(authorizeParams())}`, {
        headers: { Cookie: await signIn() },
      })
    ).text();
    expect(html).toContain('action="/oauth/authorize"');
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain('name="confirm" value="no"');
    expect(html).toContain(`name="redirect_uri" value="${REDIRECT}"`);
    expect(html).toContain('name="state" value="rero-state"');
  });

  it('redirects with code and state on accept, access_denied and state on deny', async () => {
    const cookie = await signIn();
    const accepted = await consent(cookie, authorizeParams(), 'yes');
    expect(`${accepted.origin}${accepted.pathname}`).toBe(REDIRECT);
    expect(accepted.searchParams.get('code')).toMatch(/^[\w-]+$/);
    expect(accepted.searchParams.get('state')).toBe('rero-state');
    const denied = await consent(cookie, authorizeParams(), 'no');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('rero-state');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it('keeps an existing query on the redirect URI', async () => {
    const location = await consent(
      await signIn(),
      authorizeParams({ redirect_uri: `${REDIRECT}?tenant=7` }),
      'yes',
    );
    expect(location.searchParams.get('tenant')).toBe('7');
    expect(location.searchParams.get('code')).not.toBeNull();
  });

  it('never redirects to the client for an unknown client or an unregistered redirect URI', async () => {
    rero.registerClient({
      clientId: 'exact-client',
      clientSecret: 'exact-secret-123',
      redirectUris: ['https://app.example/cb'],
    });
    const cookie = await signIn();
    const cases: Record<string, string>[] = [
      { client_id: 'nobody' },
      { client_id: 'exact-client' },
      { redirect_uri: 'https://evil.example/cb' },
    ];
    for (const extra of cases) {
      const response = await fetch(`${rero.authorizeUrl}?${new URLSearchParams(authorizeParams(extra))}`, {
        headers: { Cookie: cookie },
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      const location = response.headers.get('location') ?? '';
      expect(location).toMatch(/^\/oauth\/errors\?error=invalid_request/);
      const page = await fetch(new URL(location, rero.url));
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('refuses a consent post without the session token', async () => {
    const response = await fetch(rero.authorizeUrl, {
      method: 'POST',
      headers: { ...FORM, Cookie: await signIn() },
      body: new URLSearchParams({ ...authorizeParams(), confirm: 'yes', csrf_token: 'forged' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('RERO token endpoint', () => {
  it('answers 404 when the form has no client_id, even with a Basic header', async () => {
    const { clientId, clientSecret } = rero.credentials;
    const response = await fetch(rero.tokenUrl, {
      method: 'POST',
      headers: {
        ...FORM,
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: await code(),
        redirect_uri: REDIRECT,
      }),
    });
    expect(response.status).toBe(404);
  });

  it('answers a bad secret with 401 invalid_client and a challenge', async () => {
    const response = await token({ grant_type: 'authorization_code', code: 'x', client_secret: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_client"');
    expect(await readJson(response)).toEqual({ error: 'invalid_client' });
  });

  it('exchanges a code for the documented pair, once', async () => {
    const authorizationCode = await code();
    const response = await exchange(authorizationCode);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await readJson(response);
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires_in',
      'token_type',
      'scope',
      'refresh_token',
      'user',
    ]);
    expect(body).toMatchObject({
      expires_in: 3600,
      token_type: 'Bearer',
      scope: ALL_SCOPES,
      user: { id: '21' },
    });
    const reused = await exchange(authorizationCode);
    expect(reused.status).toBe(400);
    expect(await readJson(reused)).toEqual({ error: 'invalid_grant' });
  });

  it('expires codes after 30 s of emulator time', async () => {
    const fresh = await code();
    rero.controls.advance(29);
    expect((await exchange(fresh)).status).toBe(200);
    const stale = await code();
    rero.controls.advance(31);
    expect(await readJson(await exchange(stale))).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a mismatching redirect URI with oauthlib’s body', async () => {
    const response = await exchange(await code(), { redirect_uri: 'http://127.0.0.1:8456/other' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"error":"invalid_request","error_description":"Mismatching redirect URI."}',
    );
  });

  it('checks the PKCE S256 verifier', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    expect(
      await readJson(await exchange(await code(pkce), { code_verifier: `${verifier.slice(0, -1)}A` })),
    ).toEqual({
      error: 'invalid_grant',
    });
    expect((await readJson(await exchange(await code(pkce)))).error).toBe('invalid_request');
    expect((await exchange(await code(pkce), { code_verifier: verifier })).status).toBe(200);
    // A verifier for a code issued without a challenge is refused too (RFC 9700 §2.1.1).
    expect((await exchange(await code(), { code_verifier: verifier })).status).toBe(400);
  });

  it('rotates the refresh token: the old access and refresh tokens stop at once', async () => {
    const first = await readJson(await exchange(await code()));
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = await readJson(refreshed);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await info(first.access_token)).status).toBe(401);
    expect((await info(second.access_token)).status).toBe(200);
    const replay = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(await readJson(replay)).toEqual({ error: 'invalid_grant' });
  });

  it('keeps one pair per (client, patron): a new code exchange kills the older pair', async () => {
    const cookie = await signIn();
    const older = await readJson(await exchange(await code({}, cookie)));
    const newer = await readJson(await exchange(await code({}, cookie)));
    expect((await info(older.access_token)).status).toBe(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: older.refresh_token })).status).toBe(
      400,
    );
    expect((await info(newer.access_token)).status).toBe(200);
  });

  it('expires access tokens after an hour and refresh tokens after 30 days', async () => {
    const pair = await readJson(await exchange(await code()));
    rero.controls.advance(3601);
    expect((await info(pair.access_token)).status).toBe(401);
    rero.controls.advance(29 * 24 * 3600);
    const renewed = await readJson(
      await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }),
    );
    rero.controls.advance(30 * 24 * 3600 + 1);
    const late = await token({ grant_type: 'refresh_token', refresh_token: renewed.refresh_token });
    expect(await readJson(late)).toEqual({ error: 'invalid_grant' });
  });

  it('loses every token on restart', async () => {
    const pair = await readJson(await exchange(await code()));
    rero.controls.restart();
    expect((await info(pair.access_token)).status).toBe(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status).toBe(
      400,
    );
  });
});

describe('RERO patron info', () => {
  it('answers in the current shape, every part behind its scope', async () => {
    const pair = await readJson(await exchange(await code()));
    expect(await readJson(await info(pair.access_token))).toEqual({
      user_id: 21,
      barcode: '2050124311',
      fullname: 'Simon, Jean',
      birthdate: '2000-01-01',
      patron_info: {
        VS: {
          patron_pid: '1841',
          institution: 'VS',
          patron_type: 'vs-adult',
          expiration_date: '2030-03-30T00:00:00',
        },
        FR: {
          patron_pid: '2290',
          institution: 'FR',
          patron_type: 'fr-student',
          expiration_date: '2017-07-16T00:00:00',
        },
      },
      patron_types: [
        { patron_type: 'vs-adult', institution: 'VS', expiration_date: '2030-03-30T00:00:00+00:00' },
        { patron_type: 'fr-student', institution: 'FR', expiration_date: '2017-07-16T00:00:00+00:00' },
      ],
    });
  });

  it('gives only user_id, barcode and patron pids without scopes, and reads ?access_token=', async () => {
    const pair = await readJson(await exchange(await code({ scope: '' })));
    expect(pair.scope).toBe('');
    const response = await fetch(`${rero.patronInfoUrl}?access_token=${pair.access_token}`);
    expect(await readJson(response)).toEqual({
      user_id: 21,
      barcode: '2050124311',
      patron_info: { VS: { patron_pid: '1841' }, FR: { patron_pid: '2290' } },
    });
  });

  it('answers in the legacy shape of the documentation when asked', async () => {
    const pair = await readJson(await exchange(await code({ scope: 'fullname institution patron_type' })));
    rero.controls.setPatronInfoShape('legacy');
    try {
      expect(await readJson(await info(pair.access_token))).toEqual({
        barcode: '2050124311',
        fullname: 'Simon, Jean',
        patron_types: [
          { patron_type: 'vs-adult', institution: 'VS' },
          { patron_type: 'fr-student', institution: 'FR' },
        ],
      });
    } finally {
      rero.setPatronInfoShape('current');
    }
    expect(() => rero.setPatronInfoShape('newest' as 'current')).toThrow(/patronInfoShape/);
  });

  it('answers 401 JSON without a valid token', async () => {
    const cases: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: 'Basic abc' },
    ];
    for (const headers of cases) {
      const response = await fetch(rero.patronInfoUrl, { headers });
      expect(response.status).toBe(401);
      expect(await readJson(response)).toMatchObject({ status: 401 });
    }
  });

  it('refuses unknown scopes at authorize with a redirect carrying invalid_scope', async () => {
    const response = await fetch(
      `${rero.authorizeUrl}?${new URLSearchParams(authorizeParams({ scope: 'fullname admin' }))}`,
      {
        headers: { Cookie: await signIn() },
        redirect: 'manual',
      },
    );
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_scope');
  });
});
