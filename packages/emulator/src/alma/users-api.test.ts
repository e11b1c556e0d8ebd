import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonFixture, shapeOf } from '../testing/fixtures.js';
import { readJson } from '../testing/read-json.js';
import { type AlmaEmulator, startAlmaEmulator } from './emulator.js';

let alma: AlmaEmulator;
beforeAll(async () => {
  alma = await startAlmaEmulator();
});
afterAll(() => alma.close());

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  Authorization: `apikey ${alma.credentials.apiKey}`,
  Accept: 'application/json',
  ...extra,
});
const auth = (id: string, password: string, extra: Record<string, string> = {}) =>
  fetch(`${alma.apiUrl}/users/${encodeURIComponent(id)}?op=auth`, {
    method: 'POST',
    headers: headers({ 'Exl-User-Pw': password, ...extra }),
  });
const getUser = (id: string, query = '', extra: Record<string, string> = {}) =>
  fetch(`${alma.apiUrl}/users/${encodeURIComponent(id)}${query}`, { headers: headers(extra) });

describe('Alma emulator: POST /users/{id}?op=auth', () => {
  it('answers 204 for the right password in Exl-User-Pw, by primary id or barcode', async () => {
    alma.controls.clearLogins();
    const byId = await auth('rita.reader', 'rita-Pass-1');
    expect([byId.status, await byId.text()]).toEqual([204, '']);
    expect((await auth('39000000000001', 'rita-Pass-1')).status).toBe(204);
    expect(alma.controls.logins().patron).toEqual({ ok: 2, failed: 0, locked: 0 });
    expect(alma.controls.passwordsInUrl()).toBe(0);
  });

  it('answers 400 with errorCode 401866 for a wrong password and 401861 for an unknown user', async () => {
    const wrong = await auth('rita.reader', 'nope');
    expect(wrong.status).toBe(400);
    const body = await readJson(wrong);
    expect(shapeOf(body)).toMatchObject(shapeOf(readJsonFixture('alma', 'auth-failed.json')));
    expect(body.errorList.error[0]).toMatchObject({
      errorCode: '401866',
      errorMessage: 'User authentication failed',
    });
    const unknown = await auth('nobody', 'x');
    expect(unknown.status).toBe(400);
    const missing = await readJson(unknown);
    expect(shapeOf(missing)).toMatchObject(shapeOf(readJsonFixture('alma', 'user-not-found.json')));
    expect(missing.errorList.error[0].errorCode).toBe('401861');
    const hostile = await fetch(`${alma.apiUrl}/users/%E0%A4%A?op=auth`, {
      method: 'POST',
      headers: headers({ 'Exl-User-Pw': 'x' }),
    });
    expect(hostile.status).toBe(400);
    expect((await readJson(hostile)).errorList.error[0].errorCode).toBe('401861');
  });

  it('accepts a password in the query string, as Alma does, but counts it so a client test can fail on it', async () => {
    const response = await fetch(`${alma.apiUrl}/users/rita.reader?op=auth&password=rita-Pass-1`, {
      method: 'POST',
      headers: headers(),
    });
    expect(response.status).toBe(204);
    expect(alma.controls.passwordsInUrl()).toBe(1);
    expect(await (await fetch(`${alma.url}/__emulator/passwords-in-url`)).json()).toEqual({ count: 1 });
    expect(JSON.stringify(alma.controls.requests())).not.toContain('rita-Pass-1');
  });

  it('answers errors in XML unless the client asks for JSON', async () => {
    const xml = await auth('rita.reader', 'nope', { Accept: 'application/xml' });
    expect(xml.status).toBe(400);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xml.text()).toMatch(
      /<errorCode>401866<\/errorCode><errorMessage>User authentication failed<\/errorMessage>/,
    );
  });
});

describe('Alma emulator: API key and threshold', () => {
  it('takes the key from Authorization: apikey or ?apikey=, and refuses others with 400 UNAUTHORIZED', async () => {
    expect(
      (await fetch(`${alma.apiUrl}/users/rita.reader?apikey=${alma.credentials.apiKey}&format=json`)).status,
    ).toBe(200);
    for (const authorization of [
      undefined,
      'apikey wrong',
      `Bearer ${alma.credentials.apiKey}`,
      'apikey l8xx0bibsonly0000000000000000000000',
    ]) {
      const response = await fetch(`${alma.apiUrl}/users/rita.reader`, {
        headers: { Accept: 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      });
      expect(response.status).toBe(400);
      expect((await readJson(response)).errorList.error[0].errorCode).toBe('UNAUTHORIZED');
    }
  });

  it('answers 429 PER_SECOND_THRESHOLD past the per-second threshold, and lets calls through the next second', async () => {
    alma.controls.setPerSecondThreshold(3);
    try {
      alma.controls.advance(1);
      // Seven calls in a few milliseconds cross at most one second boundary, so one second sees four or more.
      const responses = [];
      for (let call = 0; call < 7; call++) responses.push(await getUser('rita.reader'));
      expect(responses.slice(0, 3).map((response) => response.status)).toEqual([200, 200, 200]);
      const throttled = responses.find((response) => response.status === 429);
      expect(throttled).toBeDefined();
      expect((await readJson(throttled as Response)).errorList.error[0].errorCode).toBe(
        'PER_SECOND_THRESHOLD',
      );
      alma.controls.advance(1);
      expect((await getUser('rita.reader')).status).toBe(200);
    } finally {
      alma.controls.setPerSecondThreshold(50);
    }
  });
});

describe('Alma emulator: GET /users/{id}', () => {
  it('answers the user in the shape DCB reads, never the password', async () => {
    const response = await getUser('rita.reader');
    expect(response.status).toBe(200);
    const user = await readJson(response);
    expect(shapeOf(user)).toMatchObject(shapeOf(readJsonFixture('alma', 'user.json')));
    expect(user).toMatchObject({ primary_id: 'rita.reader', status: { value: 'ACTIVE' }, user_block: [] });
    expect(JSON.stringify(user)).not.toContain('rita-Pass-1');
    expect(user.fees).toBeUndefined();
  });

  it('has a user in every state: blocked, expired and inactive, with fines', async () => {
    const bert = await readJson(await getUser('bert.blocked'));
    expect(bert.user_block).toMatchObject([
      { block_status: 'ACTIVE', block_description: { desc: 'Lost library card' } },
    ]);
    const edgar = await readJson(await getUser('39000000000003'));
    expect(edgar).toMatchObject({ status: { value: 'INACTIVE' }, expiry_date: '2021-06-30Z' });
    const fiona = await readJson(await getUser('fiona.fines', '?expand=loans,requests,fees'));
    expect(fiona.fees).toEqual({ value: 42.5, currency: 'USD' });
    expect((await auth('bert.blocked', 'bert-Pass-2')).status).toBe(204);
  });
});
