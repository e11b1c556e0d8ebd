import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type OverDriveEmulator, startOverDrive } from './emulator.js';

let od: OverDriveEmulator;
beforeAll(async () => {
  od = await startOverDrive();
});
afterAll(() => od.close());

const basic = () =>
  `Basic ${Buffer.from(`${od.credentials.clientId}:${od.credentials.clientSecret}`).toString('base64')}`;
const form = { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' };

async function appToken(): Promise<string> {
  const response = await fetch(od.tokenUrl, {
    method: 'POST',
    headers: { ...form, Authorization: basic() },
    body: 'grant_type=client_credentials',
  });
  return (await readJson(response)).access_token;
}

async function patronToken(username = '23025000000001', password = '2468'): Promise<string> {
  const scope = `websiteid:${od.credentials.websiteId} authorizationname:${od.credentials.authorizationName}`;
  const response = await fetch(od.patronTokenUrl, {
    method: 'POST',
    headers: { ...form, Authorization: basic() },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope }),
  });
  return (await readJson(response)).access_token;
}

const get = (url: string, token?: string) =>
  fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

const expectErrorShape = async (response: Response, status: number, errorCode: string) => {
  expect(response.status).toBe(status);
  const body = await readJson(response);
  expect(Object.keys(body)).toEqual(['errorCode', 'message', 'token']);
  expect(body.errorCode).toBe(errorCode);
  expect(body.token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return body;
};

describe('OverDrive patron API', () => {
  it('describes the patron in the OD-3 shape with their own ids', async () => {
    const response = await get(`${od.patronApiUrl}/v1/patrons/me`, await patronToken());
    expect(response.status).toBe(200);
    const me = await readJson(response);
    expect(Object.keys(me)).toEqual([
      'patronId',
      'websiteId',
      'existingPatron',
      'collectionToken',
      'holdLimit',
      'lastHoldEmail',
      'checkoutLimit',
      'lendingPeriods',
      'links',
      'linkTemplates',
      'actions',
    ]);
    expect(me).toMatchObject({
      patronId: 3100001,
      websiteId: od.credentials.websiteId,
      existingPatron: true,
    });
    expect(me.links.self.href).toBe(`${od.patronApiUrl}/v1/patrons/me`);
  });

  it('answers 401 in OverDrive shape for no token, an app token, an expired or revoked token', async () => {
    await expectErrorShape(await get(`${od.patronApiUrl}/v1/patrons/me`), 401, 'Unauthorized');
    await expectErrorShape(
      await get(`${od.patronApiUrl}/v1/patrons/me`, await appToken()),
      401,
      'Unauthorized',
    );
    const expiring = await patronToken();
    od.controls.advance(3601);
    await expectErrorShape(await get(`${od.patronApiUrl}/v1/patrons/me`, expiring), 401, 'Unauthorized');
    const revoked = await patronToken();
    od.controls.restart();
    await expectErrorShape(await get(`${od.patronApiUrl}/v1/patrons/me`, revoked), 401, 'Unauthorized');
  });
});

describe('OverDrive Discovery API', () => {
  it('needs a token, and serves the library and its collection', async () => {
    await expectErrorShape(await get(`${od.apiUrl}/v1/libraries/${od.libraryId}`), 401, 'Unauthorized');
    const token = await appToken();
    const library = await readJson(await get(`${od.apiUrl}/v1/libraries/${od.libraryId}`, token));
    expect(library).toMatchObject({ id: od.libraryId, type: 'Library' });
    const products = await readJson(
      await get(`${od.apiUrl}/v1/collections/${library.collectionToken}/products`, token),
    );
    expect(products.products.length).toBeGreaterThan(0);
    const availability = await get(products.products[0].links.availability.href, token);
    expect(await readJson(availability)).toMatchObject({ reserveId: products.products[0].id });
  });

  it('answers unknown resources with the NotFound body of OD-4', async () => {
    const token = await appToken();
    const body = await expectErrorShape(
      await get(`${od.apiUrl}/v1/libraries/999999`, token),
      404,
      'NotFound',
    );
    expect(body.message).toBe('The requested resource could not be found.');
    await expectErrorShape(await get(`${od.url}/nowhere`), 404, 'NotFound');
  });
});
