import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type SymphonyEmulator, startSymphonyEmulator } from './emulator.js';

let symphony: SymphonyEmulator;
beforeAll(async () => {
  symphony = await startSymphonyEmulator();
});
afterAll(() => symphony.close());

const appHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  'Content-Type': 'application/json',
  'x-sirs-clientID': symphony.credentials.clientId,
  'SD-Originating-App-Id': symphony.credentials.appId,
  ...extra,
});
const post = (path: string, body: object, headers: Record<string, string> = appHeaders()) =>
  fetch(`${symphony.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
const get = (path: string, token: string) =>
  fetch(`${symphony.baseUrl}${path}`, { headers: appHeaders({ 'x-sirs-sessionToken': token }) });

async function staffToken(): Promise<string> {
  const response = await post('/user/staff/login', {
    login: symphony.credentials.staffLogin,
    password: symphony.credentials.staffPassword,
  });
  expect(response.status).toBe(200);
  return (await readJson(response)).sessionToken;
}

describe('Symphony emulator: headers and staff login', () => {
  it('needs x-sirs-clientID and SD-Originating-App-Id on every call', async () => {
    const staff = { login: symphony.credentials.staffLogin, password: symphony.credentials.staffPassword };
    const { 'x-sirs-clientID': _client, ...noClient } = appHeaders();
    expect((await post('/user/staff/login', staff, noClient)).status).toBe(401);
    expect((await post('/user/staff/login', staff, appHeaders({ 'x-sirs-clientID': 'OTHER' }))).status).toBe(
      401,
    );
    const { 'SD-Originating-App-Id': _app, ...noApp } = appHeaders();
    const missingApp = await post('/user/staff/login', staff, noApp);
    expect(missingApp.status).toBe(400);
    expect(await readJson(missingApp)).toMatchObject({ messageList: [{ code: 'originatingAppIdRequired' }] });
  });

  it('issues a staff session token, a lowercase UUID, used in x-sirs-sessionToken; 401 after expiry or restart', async () => {
    const token = await staffToken();
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await get('/user/patron/key/301001', token)).status).toBe(200);
    symphony.controls.advance(3601);
    const expired = await get('/user/patron/key/301001', token);
    expect(expired.status).toBe(401);
    expect(await readJson(expired)).toMatchObject({
      messageList: [{ code: expect.any(String), message: expect.any(String) }],
    });
    const fresh = await staffToken();
    symphony.controls.restart();
    expect((await get('/user/patron/key/301001', fresh)).status).toBe(401);
    const wrong = await post('/user/staff/login', {
      login: symphony.credentials.staffLogin,
      password: 'nope',
    });
    expect([wrong.status, await readJson(wrong)]).toEqual([
      401,
      readJsonFixture('symphony', 'login-failed.json'),
    ]);
  });
});

describe('Symphony emulator: patrons', () => {
  it('signs a patron in with barcode or alternate id and PIN, in the shape Palace reads', async () => {
    symphony.controls.clearLogins();
    for (const login of ['21221000000001', 'rita.reader']) {
      const response = await post('/user/patron/login', { login, password: '1234' });
      expect(response.status).toBe(200);
      const body = await readJson(response);
      expect(shapeOf(body)).toMatchObject(shapeOf(readJsonFixture('symphony', 'patron-login.json')));
      expect(body.patronKey).toBe('301001');
    }
    expect(symphony.controls.logins().patron).toEqual({ ok: 2, failed: 0, locked: 0 });
  });

  it('answers a wrong PIN and an unknown card with 401 messageList unableToLogin', async () => {
    const fixture = readJsonFixture('symphony', 'login-failed.json');
    for (const attempt of [
      { login: '21221000000001', password: '9999' },
      { login: '21221999999999', password: '1234' },
    ]) {
      const response = await post('/user/patron/login', attempt);
      expect([response.status, await readJson(response)]).toEqual([401, fixture]);
    }
  });

  it('lets the patron read their own record and status with their token, nobody else’s', async () => {
    const login = await readJson(
      await post('/user/patron/login', { login: '21221000000004', password: '4444' }),
    );
    const record = await readJson(await get(`/user/patron/key/${login.patronKey}`, login.sessionToken));
    expect(shapeOf(record)).toMatchObject(shapeOf(readJsonFixture('symphony', 'patron-record.json')));
    const status = await readJson(
      await get(`/user/patronStatusInfo/key/${login.patronKey}`, login.sessionToken),
    );
    expect(shapeOf(status)).toMatchObject(shapeOf(readJsonFixture('symphony', 'patron-status.json')));
    expect(status.fields).toMatchObject({
      estimatedFines: { amount: '50.00' },
      hasMaxFines: true,
      expired: false,
    });
    expect((await get('/user/patron/key/301001', login.sessionToken)).status).toBe(403);
  });

  it('has a patron in every state: blocked (standing, not approved), expired, with fines', async () => {
    const token = await staffToken();
    const bert = await readJson(await get('/user/patron/key/301002', token));
    expect(bert.fields).toMatchObject({ approved: false, standing: { key: 'BLOCKED' } });
    const edgar = await readJson(await get('/user/patronStatusInfo/key/301003', token));
    expect(edgar.fields).toMatchObject({ expired: true, privilegeExpiresDate: '2021-06-30' });
    const rita = await readJson(await get('/user/patronStatusInfo/key/301001', token));
    expect(rita.fields).toMatchObject({
      expired: false,
      hasMaxFines: false,
      estimatedFines: { amount: '0.00' },
    });
    expect((await get('/user/patron/key/999999', token)).status).toBe(404);
  });

  it('checks a patron PIN for staff with /user/patron/authenticate', async () => {
    const token = await staffToken();
    const auth = (body: object, headers = appHeaders({ 'x-sirs-sessionToken': token })) =>
      post('/user/patron/authenticate', body, headers);
    expect(await readJson(await auth({ barcode: '21221000000001', password: '1234' }))).toEqual({
      patronKey: '301001',
    });
    expect((await auth({ barcode: '21221000000001', password: 'x' })).status).toBe(401);
    expect((await auth({ barcode: '21221000000001', password: '1234' }, appHeaders())).status).toBe(401);
  });

  it('never logs a PIN, password or session token', async () => {
    symphony.controls.clearRequests();
    const token = await staffToken();
    const login = await readJson(
      await post('/user/patron/login', { login: '21221000000001', password: '1234' }),
    );
    await get(`/user/patron/key/${login.patronKey}`, login.sessionToken);
    const log = JSON.stringify(symphony.controls.requests());
    for (const secret of [token, login.sessionToken, symphony.credentials.staffPassword, '"1234"']) {
      expect(log).not.toContain(secret);
    }
    expect(symphony.controls.tokenRequests()).toBe(2);
  });
});
