import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type SierraEmulator, startSierra } from './emulator.js';

const SI_1 =
  '{"code":113,"specificCode":0,"httpStatus":401,"name":"Unauthorized","description":"Invalid or missing authorization header"}';
const SI_3 =
  '{"code":108,"specificCode":0,"httpStatus":400,"name":"Invalid parameter","description":"Invalid parameter : Invalid barcode or PIN"}';

let sierra: SierraEmulator;
beforeAll(async () => {
  sierra = await startSierra();
});
afterAll(() => sierra.close());

async function appToken(): Promise<string> {
  const { clientId, clientSecret } = sierra.credentials;
  const response = await fetch(sierra.tokenUrl, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await readJson(response)) as { access_token: string }).access_token;
}

const get = (path: string, token?: string) =>
  fetch(`${sierra.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

const validate = (token: string, body: unknown) =>
  fetch(`${sierra.url}/v6/patrons/validate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Sierra resources', () => {
  it('answers a call without a valid token exactly as recorded live (SI-1)', async () => {
    for (const auth of [undefined, 'not-a-token', 'Basic abc']) {
      const response = await fetch(`${sierra.url}/v6/bibs/1000004`, {
        headers: auth ? { Authorization: auth } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm=sierra-api');
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.getSetCookie()).toContain(
        'jcontainerId=.jcontainer-api2; path=/iii/sierra-api',
      );
      expect(response.headers.getSetCookie().length).toBeGreaterThan(3);
      expect(await response.text()).toBe(SI_1);
    }
  });

  it('takes the bearer scheme in any case and serves bibs', async () => {
    const token = await appToken();
    const response = await fetch(`${sierra.url}/v6/bibs/1000004`, {
      headers: { Authorization: `bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ id: '1000004', title: 'The left hand of darkness' });
    expect((await get('/v6/bibs/999', token)).status).toBe(404);
  });

  it('describes an app token like SI-4, with expiresIn counting down on the emulator clock', async () => {
    const token = await appToken();
    const response = await get('/v6/info/token', token);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const info = await readJson(response);
    expect(Object.keys(info)).toEqual(['keyId', 'grantType', 'authorizationScheme', 'expiresIn', 'roles']);
    expect(info).toMatchObject({
      keyId: sierra.credentials.clientId,
      grantType: 'client_credentials',
      authorizationScheme: 'Bearer',
    });
    expect(info.expiresIn).toBeGreaterThanOrEqual(3598);
    expect(info.expiresIn).toBeLessThanOrEqual(3600);
    expect(info.roles[0]).toMatchObject({ tokenLifetime: 3600 });
    sierra.controls.advance(600);
    const later = await readJson(await get('/v6/info/token', token));
    expect(later.expiresIn).toBeLessThanOrEqual(3000);
  });

  it('validates barcode + PIN: 204, or SI-3 byte for byte', async () => {
    const token = await appToken();
    const ok = await validate(token, { barcode: '21913000000001', pin: '1234' });
    expect(ok.status).toBe(204);
    expect(await ok.text()).toBe('');
    for (const body of [
      { barcode: '21913000000001', pin: '9999' },
      { barcode: 'nobody', pin: '1234' },
      { barcode: 1, pin: [] },
    ]) {
      const bad = await validate(token, body);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toBe(SI_3);
    }
  });

  it('compares only the first 8 PIN characters', async () => {
    const token = await appToken();
    // The seeded PIN is "12345678abc".
    expect((await validate(token, { barcode: '21913000000002', pin: '12345678abc' })).status).toBe(204);
    expect((await validate(token, { barcode: '21913000000002', pin: '12345678' })).status).toBe(204);
    expect((await validate(token, { barcode: '21913000000002', pin: '12345678zzzz' })).status).toBe(204);
    expect((await validate(token, { barcode: '21913000000002', pin: '1234567' })).status).toBe(400);
  });

  it('matches barcodes case-sensitively unless caseSensitivity is false', async () => {
    const token = await appToken();
    expect((await validate(token, { barcode: 'LibCard42', pin: '0042' })).status).toBe(204);
    expect((await validate(token, { barcode: 'libcard42', pin: '0042' })).status).toBe(400);
    expect(
      (await validate(token, { barcode: 'libcard42', pin: '0042', caseSensitivity: false })).status,
    ).toBe(204);
  });

  it('refuses a body that is not JSON with 400, not a crash', async () => {
    const token = await appToken();
    const response = await fetch(`${sierra.url}/v6/patrons/validate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"barcode":',
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({ httpStatus: 400, specificCode: 0 });
  });

  it('authenticates a patron natively and returns the record id', async () => {
    const token = await appToken();
    const auth = (body: unknown) =>
      fetch(`${sierra.url}/v6/patrons/auth`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await auth({ authMethod: 'native', patronId: '21913000000001', patronSecret: '1234' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1000001');
    expect(
      (await auth({ authMethod: 'native', patronId: '21913000000001', patronSecret: 'nope' })).status,
    ).toBe(400);
    expect(
      (await auth({ authMethod: 'ldap', patronId: '21913000000001', patronSecret: '1234' })).status,
    ).toBe(400);
  });

  it('reads patron records limited to the requested fields', async () => {
    const token = await appToken();
    const response = await get(
      '/v6/patrons/1000001?fields=names,emails,barcodes,expirationDate,patronType,birthDate',
      token,
    );
    expect(await readJson(response)).toEqual({
      id: 1000001,
      names: ['Reader, Rita'],
      barcodes: ['21913000000001'],
      expirationDate: '2031-08-31',
      birthDate: '1986-04-12',
      emails: ['rita.reader@example.org'],
      patronType: 0,
    });
    expect(await readJson(await get('/v6/patrons/1000003?fields=expirationDate', token))).toEqual({
      id: 1000003,
      expirationDate: '2021-06-30',
    });
    const missing = await get('/v6/patrons/4242', token);
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toMatchObject({ code: 107, httpStatus: 404 });
  });

  it('finds patrons by barcode or email: one record, 404 for none, 409 (code 133) for several', async () => {
    const token = await appToken();
    const found = await get(
      '/v6/patrons/find?varFieldTag=b&varFieldContent=21913000000005&fields=names',
      token,
    );
    expect(await readJson(found)).toEqual({ id: 1000005, names: ['Twin, Tom'] });
    expect(
      (await get('/v6/patrons/find?varFieldTag=z&varFieldContent=rita.reader@example.org', token)).status,
    ).toBe(200);
    expect((await get('/v6/patrons/find?varFieldTag=b&varFieldContent=000', token)).status).toBe(404);
    const several = await get('/v6/patrons/find?varFieldTag=z&varFieldContent=twins@example.org', token);
    expect(several.status).toBe(409);
    expect(await readJson(several)).toMatchObject({ code: 133, httpStatus: 409 });
    expect((await get('/v6/patrons/find?varFieldTag=q&varFieldContent=x', token)).status).toBe(400);
  });

  it('revokes every token on restart (Tomcat restart)', async () => {
    const token = await appToken();
    expect((await get('/v6/bibs/1000004', token)).status).toBe(200);
    sierra.controls.restart();
    const after = await get('/v6/bibs/1000004', token);
    expect(after.status).toBe(401);
    expect(await after.text()).toBe(SI_1);
  });

  it('expires tokens when the emulator clock passes their lifetime', async () => {
    const token = await appToken();
    sierra.controls.advance(3599);
    expect((await get('/v6/bibs/1000004', token)).status).toBe(200);
    sierra.controls.advance(2);
    expect((await get('/v6/bibs/1000004', token)).status).toBe(401);
  });

  it('answers unknown paths with 404 in Sierra error shape', async () => {
    const response = await get('/v6/nothing-here');
    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ httpStatus: 404, specificCode: 0 });
  });
});
