import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type KohaEmulator, startKoha } from './emulator.js';
import { kohaClients } from './seed.js';

let koha: KohaEmulator;
beforeAll(async () => {
  koha = await startKoha({ tokenTtlSeconds: 120 });
});
afterAll(() => koha.close());

const tokenRequest = (form: Record<string, string>) =>
  fetch(koha.tokenUrl, { method: 'POST', body: new URLSearchParams(form) });

const appToken = async (
  clientId = koha.credentials.clientId,
  clientSecret = koha.credentials.clientSecret,
) => {
  const response = await tokenRequest({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  return ((await response.json()) as { access_token: string }).access_token;
};

describe('Koha emulator: /api/v1/oauth/token', () => {
  it('issues a Bearer token for the API key in the form body, without a refresh token', async () => {
    const response = await tokenRequest({ grant_type: 'client_credentials', ...credentialsForm() });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 120 });
  });

  it('answers as Koha does: 400 for another grant, 403 unauthorized_client / access_denied for a bad key', async () => {
    const password = await tokenRequest({ grant_type: 'password', ...credentialsForm() });
    expect([password.status, await readJson(password)]).toEqual([400, { error: 'Unimplemented grant type' }]);
    const unknown = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'x',
    });
    expect([unknown.status, await readJson(unknown)]).toEqual([403, { error: 'unauthorized_client' }]);
    const wrong = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: koha.credentials.clientId,
      client_secret: 'wrong',
    });
    expect([wrong.status, await readJson(wrong)]).toEqual([403, { error: 'access_denied' }]);
    const basic = await fetch(koha.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${koha.credentials.clientId}:${koha.credentials.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(basic.status).toBe(403);
  });
});

describe('Koha emulator: /api/v1/patrons/{patron_id}', () => {
  const getPatron = (id: number | string, token?: string) =>
    fetch(`${koha.apiUrl}/patrons/${id}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('returns the record to a token whose staff user may read patrons', async () => {
    const response = await getPatron(51, await appToken());
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({
      patron_id: 51,
      cardnumber: '23529000445172',
      surname: 'Lovelace',
    });
    expect((await getPatron(999, await appToken())).status).toBe(404);
  });

  it('answers 401 without a live token (also after a restart) and 403 without the borrowers permission', async () => {
    expect(await readJson(await getPatron(51))).toEqual({ error: 'Authentication failure.' });
    const token = await appToken();
    koha.controls.restart();
    expect((await getPatron(51, token)).status).toBe(401);
    const limited = kohaClients[1]!;
    expect((await getPatron(51, await appToken(limited.clientId, limited.clientSecret))).status).toBe(403);
  });
});

function credentialsForm() {
  return { client_id: koha.credentials.clientId, client_secret: koha.credentials.clientSecret };
}
