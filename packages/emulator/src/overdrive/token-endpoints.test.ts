import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type OverDriveEmulator, startOverDrive } from './emulator.js';

const OD_2 =
  '{"error":"unauthorized_client","error_description":"Invalid Library Card: 123456.  Not a valid card."}';
const WRONG_SECRET = '{"error":"invalid_client","error_description":"The client secret was incorrect."}';

let od: OverDriveEmulator;
beforeAll(async () => {
  od = await startOverDrive();
});
afterAll(() => od.close());

const basic = (id = od.credentials.clientId, secret = od.credentials.clientSecret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const post = (url: string, body: string, authorization = basic()) =>
  fetch(url, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
    },
    body,
  });

const patronToken = (fields: Record<string, string>, authorization?: string) =>
  post(
    od.patronTokenUrl,
    new URLSearchParams({
      grant_type: 'password',
      scope: `websiteid:${od.credentials.websiteId} authorizationname:${od.credentials.authorizationName}`,
      ...fields,
    }).toString(),
    authorization,
  );

describe('OverDrive app token', () => {
  it('issues an OD-6-shaped token with the documented headers', async () => {
    const response = await post(od.tokenUrl, 'grant_type=client_credentials');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store, must-revalidate, no-cache, max-age=0');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = await readJson(response);
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'LIB META SRCH AVAIL' });
  });

  it('refuses a wrong secret with the 401 body seen in the wild, and a wrong-case key', async () => {
    const wrong = await post(od.tokenUrl, 'grant_type=client_credentials', basic(undefined, 'nope'));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe(WRONG_SECRET);
    const lowerKey = await post(
      od.tokenUrl,
      'grant_type=client_credentials',
      basic(od.credentials.clientId.toLowerCase()),
    );
    expect(lowerKey.status).toBe(401);
    expect(await readJson(lowerKey)).toEqual({ error: 'invalid_client' });
    expect((await post(od.tokenUrl, 'grant_type=password')).status).toBe(400);
  });
});

describe('OverDrive patron token', () => {
  it('issues a lowercase-bearer token with the patron scope of OD-1', async () => {
    const response = await patronToken({ username: '23025000000001', password: '2468' });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.token_type).toBe('bearer');
    expect(body.scope).toBe(
      `LIB META AVAIL SRCH PATRON PATRONINT patronid:3100001 websiteid:${od.credentials.websiteId} client:${od.credentials.authorizationName}`,
    );
  });

  it('takes the scope encoded with + or %20', async () => {
    const { websiteId, authorizationName } = od.credentials;
    for (const space of ['+', '%20']) {
      const body = `grant_type=password&username=23025000000001&password=2468&scope=websiteid:${websiteId}${space}authorizationname:${authorizationName}`;
      expect((await post(od.patronTokenUrl, body)).status).toBe(200);
    }
  });

  it('answers an unknown card or a wrong PIN with 400 and OD-2 (two spaces)', async () => {
    const unknown = await patronToken({ username: '123456', password: '1234' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toBe(OD_2);
    const badPin = await readJson(await patronToken({ username: '23025000000001', password: '0000' }));
    expect(badPin).toEqual({
      error: 'unauthorized_client',
      error_description: 'Invalid Library Card: 23025000000001.  Not a valid card.',
    });
  });

  it('honours password_required=false only on the PIN-less website', async () => {
    const pinless = `websiteid:${od.pinlessWebsiteId} authorizationname:${od.credentials.authorizationName}`;
    const noPin = await patronToken({
      username: '23025000000002',
      password: '[ignore]',
      password_required: 'false',
      scope: pinless,
    });
    expect(noPin.status).toBe(200);
    expect((await readJson(noPin)).scope).toContain(`websiteid:${od.pinlessWebsiteId}`);
    // The PIN-requiring collection still checks the PIN.
    const bypass = await patronToken({
      username: '23025000000001',
      password: '[ignore]',
      password_required: 'false',
    });
    expect(bypass.status).toBe(400);
    expect((await readJson(bypass)).error).toBe('unauthorized_client');
    // Without password_required=false the password is checked as a PIN, even on the PIN-less website.
    expect(
      (await patronToken({ username: '23025000000002', password: '[ignore]', scope: pinless })).status,
    ).toBe(400);
    // The password must still be non-empty.
    const empty = await patronToken({
      username: '23025000000002',
      password: '',
      password_required: 'false',
      scope: pinless,
    });
    expect(empty.status).toBe(400);
    expect((await readJson(empty)).error).toBe('invalid_request');
  });

  it('refuses a blocked patron (high fines) with unauthorized_client', async () => {
    const response = await patronToken({ username: '23025000000003', password: '1357' });
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toMatch(/fines/);
  });

  it('refuses a missing or unknown scope with 400 OAuth JSON', async () => {
    const missing = await patronToken({ username: '23025000000001', password: '2468', scope: '' });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error).toBe('invalid_request');
    const unknown = await patronToken({
      username: '23025000000001',
      password: '2468',
      scope: 'websiteid:1 authorizationname:nowhere',
    });
    expect(unknown.status).toBe(400);
    expect((await readJson(unknown)).error).toBe('invalid_scope');
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const response = await patronToken(
      { username: '23025000000001', password: '2468' },
      basic(undefined, 'nope'),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(WRONG_SECRET);
  });

  it('counts both token endpoints as token requests', async () => {
    od.controls.clearRequests();
    await post(od.tokenUrl, 'grant_type=client_credentials');
    await patronToken({ username: '23025000000001', password: '2468' });
    expect(od.controls.tokenRequests()).toBe(2);
    expect(od.controls.tokenRequests('overdrive.patrontoken')).toBe(1);
  });
});
