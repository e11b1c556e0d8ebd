import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type FolioEmulator, startFolioEmulator } from './emulator.js';

let folio: FolioEmulator;
beforeAll(async () => {
  folio = await startFolioEmulator();
});
afterAll(() => folio.close());

const json = { 'Content-Type': 'application/json' };
const tenantHeaders = () => ({ ...json, 'X-Okapi-Tenant': folio.tenant });

function login(
  body: object,
  path = '/authn/login-with-expiry',
  headers: Record<string, string> = tenantHeaders(),
) {
  return fetch(`${folio.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

function cookie(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((candidate) => candidate.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  return line;
}
const cookieValue = (line: string) => line.slice(line.indexOf('=') + 1, line.indexOf(';'));

function refresh(refreshToken: string) {
  return fetch(`${folio.url}/authn/refresh`, {
    method: 'POST',
    headers: { 'X-Okapi-Tenant': folio.tenant, Cookie: `other=1; folioRefreshToken=${refreshToken}` },
  });
}

async function signIn(username = folio.credentials.username, password = folio.credentials.password) {
  const response = await login({ username, password });
  expect(response.status).toBe(201);
  return {
    access: cookieValue(cookie(response, 'folioAccessToken')),
    refresh: cookieValue(cookie(response, 'folioRefreshToken')),
  };
}

const users = (token: string) =>
  fetch(`${folio.url}/users?query=${encodeURIComponent('username == "rita"')}`, {
    headers: { 'X-Okapi-Tenant': folio.tenant, 'X-Okapi-Token': token },
  });

describe('FOLIO emulator: X-Okapi-Tenant', () => {
  it('refuses every call without the tenant header with 400 in plain text', async () => {
    const response = await login(folio.credentials, '/authn/login-with-expiry', json);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Missing header: X-Okapi-Tenant');
    const other = await login(folio.credentials, '/authn/login-with-expiry', {
      ...json,
      'X-Okapi-Tenant': 'elsewhere',
    });
    expect(other.status).toBe(400);
    expect((await fetch(`${folio.url}/users`)).status).toBe(400);
  });
});

describe('FOLIO emulator: /authn/login-with-expiry', () => {
  it('answers 201 with both expiries in the body and the tokens only in cookies, as the fixtures show', async () => {
    const request = readJsonFixture('folio', 'login-with-expiry.request.json');
    const response = await login({ ...request, ...folio.credentials });
    expect(response.status).toBe(201);
    const body = await readJson(response);
    expect(shapeOf(body)).toEqual(shapeOf(readJsonFixture('folio', 'login-with-expiry.response.json')));
    const accessExpiry = Date.parse(body.accessTokenExpiration);
    expect(accessExpiry - folio.controls.now()).toBeGreaterThan(580_000);
    expect(accessExpiry - folio.controls.now()).toBeLessThanOrEqual(600_000);
    expect(Date.parse(body.refreshTokenExpiration) - folio.controls.now()).toBeGreaterThan(604_780_000);

    const access = cookie(response, 'folioAccessToken');
    const fixture = readFixture('folio', 'access-token.set-cookie.txt').trim();
    const attributes = (line: string) =>
      line
        .split('; ')
        .slice(1)
        .map((part) => part.split('=')[0]?.toLowerCase());
    expect(attributes(access)).toEqual(attributes(fixture));
    expect(access).toMatch(/; Max-Age=600; Expires=[^;]+ GMT; Path=\/; Secure; HTTPOnly; SameSite=Lax$/);
    expect(cookie(response, 'folioRefreshToken')).toMatch(
      /; Max-Age=604800; .*Path=\/authn; Secure; HTTPOnly/,
    );
    expect(JSON.stringify(body)).not.toContain(cookieValue(access));
  });

  it('answers 422 (Okapi) with one body for a wrong password, an unknown user and an inactive user', async () => {
    const fixture = readJsonFixture('folio', 'wrong-credentials.json');
    for (const attempt of [
      { username: 'rita', password: 'wrong' },
      { username: 'nobody', password: 'x' },
      { username: 'edgar', password: 'edgar-pw-3' },
    ]) {
      const response = await login(attempt);
      expect(response.status).toBe(422);
      expect(await readJson(response)).toEqual(fixture);
    }
    const noPassword = await login({ username: 'rita' });
    expect([noPassword.status, await noPassword.text()]).toEqual([400, 'You must provide a password']);
    const noUser = await login({ password: 'x' });
    expect([noUser.status, await noUser.text()]).toEqual([400, 'You must provide a username or userId']);
    expect(
      (await login({ userId: 'a7b2c3d4-1111-4a5b-9c8d-000000000001', password: 'rita-pw-1' })).status,
    ).toBe(201);
  });

  it('expires access tokens on its clock with 401 "Invalid token", and restart revokes them', async () => {
    const { access } = await signIn();
    expect((await users(access)).status).toBe(200);
    folio.controls.advance(601);
    const expired = await users(access);
    expect([expired.status, await expired.text()]).toEqual([401, 'Invalid token']);
    const fresh = await signIn();
    folio.controls.restart();
    expect((await users(fresh.access)).status).toBe(401);
    expect((await refresh(fresh.refresh)).status).toBe(422);
  });

  it('counts staff and patron logins apart, the successful ones apart from the refused ones', async () => {
    folio.controls.clearLogins();
    await signIn();
    await signIn('rita', 'rita-pw-1');
    await login({ username: 'rita', password: 'nope' });
    expect(folio.controls.logins()).toEqual({
      staff: { ok: 1, failed: 0, locked: 0 },
      patron: { ok: 1, failed: 1, locked: 0 },
    });
  });

  it('never logs the password or the tokens', async () => {
    folio.controls.clearRequests();
    const { access, refresh: refreshToken } = await signIn();
    await users(access);
    await refresh(refreshToken);
    const log = JSON.stringify(folio.controls.requests());
    for (const secret of [folio.credentials.password, access, refreshToken])
      expect(log).not.toContain(secret);
    expect(folio.controls.requests().map((entry) => entry.endpoint)).toEqual([
      'folio.login-with-expiry',
      'folio.users.search',
      'folio.refresh',
    ]);
  });
});

describe('FOLIO emulator: /authn/refresh', () => {
  it('spends a refresh token once and answers a new pair', async () => {
    const first = await signIn();
    const response = await refresh(first.refresh);
    expect(response.status).toBe(201);
    expect(shapeOf(await readJson(response))).toEqual(
      shapeOf(readJsonFixture('folio', 'login-with-expiry.response.json')),
    );
    const next = cookieValue(cookie(response, 'folioRefreshToken'));
    expect(next).not.toBe(first.refresh);
    expect((await users(cookieValue(cookie(response, 'folioAccessToken')))).status).toBe(200);
    expect((await refresh(next)).status).toBe(201);
  });

  it('revokes every refresh token of the user when a spent one comes back', async () => {
    const staffId = folio.users[0]?.id ?? '';
    folio.controls.restart();
    const processA = await signIn();
    const processB = await signIn();
    const rotated = await refresh(processA.refresh);
    const rotatedRefresh = cookieValue(cookie(rotated, 'folioRefreshToken'));
    expect(folio.controls.liveRefreshTokens(staffId)).toBe(2);

    const reuse = await refresh(processA.refresh);
    expect(reuse.status).toBe(422);
    expect(await readJson(reuse)).toMatchObject({ errors: [{ code: 'token.refresh.unprocessable' }] });
    expect(folio.controls.liveRefreshTokens(staffId)).toBe(0);
    expect((await refresh(rotatedRefresh)).status).toBe(422);
    expect((await refresh(processB.refresh)).status).toBe(422);
    expect(folio.controls.logins()['refresh-reuse']?.failed).toBeGreaterThanOrEqual(1);
  });

  it('lets exactly one of two concurrent refreshes with the same cookie through', async () => {
    const { refresh: shared } = await signIn();
    const statuses = (await Promise.all([refresh(shared), refresh(shared)])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([201, 422]);
  });

  it('refuses a missing or doubled refresh cookie with 400 token.parse.failure', async () => {
    const missing = await fetch(`${folio.url}/authn/refresh`, { method: 'POST', headers: tenantHeaders() });
    expect(missing.status).toBe(400);
    expect(await readJson(missing)).toEqual({
      errors: [{ message: 'Bad request', code: 'token.parse.failure', type: 'error' }],
    });
    const { refresh: token } = await signIn();
    const doubled = await fetch(`${folio.url}/authn/refresh`, {
      method: 'POST',
      headers: {
        'X-Okapi-Tenant': folio.tenant,
        Cookie: `folioRefreshToken=${token}; folioRefreshToken=${token}`,
      },
    });
    expect(doubled.status).toBe(400);
    expect((await refresh(token)).status).toBe(201);
  });

  it('refuses an expired refresh token with 422 and leaves the user’s other refresh tokens alone', async () => {
    const staffId = folio.users[0]?.id ?? '';
    folio.controls.restart();
    folio.controls.setRefreshTokenTtl(5);
    const short = await signIn();
    folio.controls.setRefreshTokenTtl(604_800);
    const long = await signIn();
    folio.controls.advance(6);
    const expired = await refresh(short.refresh);
    expect(expired.status).toBe(422);
    expect(await readJson(expired)).toEqual({
      errors: [
        {
          message: 'Authorization server unable to process token refresh request',
          code: 'token.refresh.unprocessable',
          type: 'error',
        },
      ],
    });
    expect(folio.controls.liveRefreshTokens(staffId)).toBe(1);
    expect((await refresh(long.refresh)).status).toBe(201);
  });

  it('logout revokes the refresh token and clears both cookies as mod-login writes them; logout-all revokes all', async () => {
    const { refresh: token } = await signIn();
    const response = await fetch(`${folio.url}/authn/logout`, {
      method: 'POST',
      headers: { 'X-Okapi-Tenant': folio.tenant, Cookie: `folioRefreshToken=${token}` },
    });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual([
      'folioAccessToken=; SameSite=None; Secure; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      'folioRefreshToken=; SameSite=None; Secure; Path=/authn; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
    expect((await refresh(token)).status).toBe(422);

    const staffId = folio.users[0]?.id ?? '';
    const first = await signIn();
    await signIn();
    expect(folio.controls.liveRefreshTokens(staffId)).toBe(2);
    const all = await fetch(`${folio.url}/authn/logout-all`, {
      method: 'POST',
      headers: { 'X-Okapi-Tenant': folio.tenant, 'X-Okapi-Token': first.access },
    });
    expect(all.status).toBe(204);
    expect(folio.controls.liveRefreshTokens(staffId)).toBe(0);
    expect((await users(first.access)).status).toBe(200);
  });
});

describe('FOLIO emulator: legacy /authn/login and Eureka', () => {
  it('answers the legacy login with x-okapi-token and okapiToken, a token that does not expire', async () => {
    const response = await login(folio.credentials, '/authn/login');
    expect(response.status).toBe(201);
    const body = await readJson(response);
    expect(shapeOf(body)).toMatchObject(shapeOf(readJsonFixture('folio', 'legacy-login.response.json')));
    expect(response.headers.get('x-okapi-token')).toBe(body.okapiToken);
    folio.controls.advance(30 * 86_400);
    expect((await users(body.okapiToken)).status).toBe(200);
    expect(folio.controls.tokenRequests('folio.login')).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for the legacy login where the tenant has legacy tokens off', async () => {
    const strict = await startFolioEmulator({ legacyLogin: false });
    try {
      const response = await fetch(`${strict.url}/authn/login`, {
        method: 'POST',
        headers: { 'X-Okapi-Tenant': strict.tenant, ...json },
        body: JSON.stringify(strict.credentials),
      });
      expect([response.status, await response.text()]).toEqual([404, 'Not found']);
    } finally {
      await strict.close();
    }
  });

  it('under Eureka: 401 unauthorized_error for wrong credentials, tokens from cookie or Bearer, 404 when they disagree', async () => {
    const eureka = await startFolioEmulator({ mode: 'eureka' });
    try {
      const post = (path: string, body: object) =>
        fetch(`${eureka.url}${path}`, {
          method: 'POST',
          headers: { 'X-Okapi-Tenant': eureka.tenant, ...json },
          body: JSON.stringify(body),
        });
      const wrong = await post('/authn/login-with-expiry', { username: 'rita', password: 'nope' });
      expect(wrong.status).toBe(401);
      expect(await readJson(wrong)).toEqual({
        errors: [
          { message: 'Unauthorized error', type: 'UnauthorizedException', code: 'unauthorized_error' },
        ],
        total_records: 1,
      });
      const ok = await post('/authn/login-with-expiry', eureka.credentials);
      expect(cookie(ok, 'folioAccessToken')).toMatch(/SameSite=None$/);
      const token = cookieValue(cookie(ok, 'folioAccessToken'));
      const get = (headers: Record<string, string>) =>
        fetch(`${eureka.url}/users`, { headers: { 'X-Okapi-Tenant': eureka.tenant, ...headers } });
      expect((await get({ Cookie: `folioAccessToken=${token}` })).status).toBe(200);
      expect((await get({ Authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await get({ Authorization: `Bearer ${token}`, 'X-Okapi-Token': 'other' })).status).toBe(404);
      expect((await get({ Authorization: `Basic ${token}` })).status).toBe(404);
      const legacy = await post('/authn/login', eureka.credentials);
      expect(legacy.status).toBe(201);
      expect(legacy.headers.get('x-okapi-token')).toBeNull();
    } finally {
      await eureka.close();
    }
  });
});
