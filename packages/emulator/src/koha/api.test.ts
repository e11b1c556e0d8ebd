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

describe('Koha emulator: POST /api/v1/auth/password/validation', () => {
  const validate = async (body: unknown, token?: string) => {
    const response = await fetch(`${koha.apiUrl}/auth/password/validation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return [response.status, response.status === 204 ? undefined : await readJson(response)];
  };

  it('answers 201 with the patron for a card number or a user id and the right password', async () => {
    const token = await appToken();
    const ada = { cardnumber: '23529000445172', patron_id: 51, userid: 'ada' };
    expect(await validate({ identifier: '23529000445172', password: 'Analytical-1843' }, token)).toEqual([
      201,
      ada,
    ]);
    expect(await validate({ identifier: 'ada', password: 'Analytical-1843' }, token)).toEqual([201, ada]);
    expect(await validate({ userid: 'ada', password: 'Analytical-1843' }, token)).toEqual([201, ada]);
  });

  it('answers 400 "Validation failed" alike for a wrong password, an unknown patron, a card number as userid and a locked account', async () => {
    const token = await appToken();
    const failed = [400, { error: 'Validation failed' }];
    expect(await validate({ identifier: 'ada', password: 'nope' }, token)).toEqual(failed);
    expect(await validate({ identifier: 'nobody', password: 'Analytical-1843' }, token)).toEqual(failed);
    expect(await validate({ userid: '23529000445172', password: 'Analytical-1843' }, token)).toEqual(failed);
    expect(await validate({ identifier: 'claude', password: 'Entropy-1948' }, token)).toEqual(failed);
    expect(await validate({ password: 'Analytical-1843' }, token)).toEqual(failed);
  });

  it('answers "Password expired" for the right expired password, and Koha\'s schema and identifier errors', async () => {
    const token = await appToken();
    expect(await validate({ identifier: 'margaret', password: 'Apollo-1969' }, token)).toEqual([
      400,
      { error: 'Password expired' },
    ]);
    expect(await validate({ identifier: 'ada', userid: 'ada', password: 'x' }, token)).toEqual([
      400,
      { error: 'Bad request. Only one identifier attribute can be passed.' },
    ]);
    expect(await validate({ identifier: 'ada', password: 'x', pin: 'x' }, token)).toEqual([
      400,
      { errors: [{ message: 'Properties not allowed: pin.', path: '/body' }], status: 400 },
    ]);
    expect(await validate({ identifier: 'ada' }, token)).toEqual([
      400,
      { errors: [{ message: 'Missing property.', path: '/body/password' }], status: 400 },
    ]);
  });

  it('answers 401 without a token and 403 naming the permission to a key whose user lacks it', async () => {
    expect(await validate({ identifier: 'ada', password: 'Analytical-1843' })).toEqual([
      401,
      { error: 'Authentication failure.' },
    ]);
    const limited = kohaClients[1]!;
    const token = await appToken(limited.clientId, limited.clientSecret);
    expect(await validate({ identifier: 'ada', password: 'Analytical-1843' }, token)).toEqual([
      403,
      {
        error: 'Authorization failure. Missing required permission(s).',
        required_permissions: { borrowers: '1' },
      },
    ]);
  });

  it('as 23.05 and 23.11 answers an empty 204; 23.05 knows only userid; FailedLoginAttempts locks', async () => {
    const old = await startKoha({ passwordValidation: '23.05', failedLoginAttempts: 2 });
    try {
      const token = await (
        await fetch(old.tokenUrl, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: old.credentials.clientId,
            client_secret: old.credentials.clientSecret,
          }),
        })
      ).json();
      const call = (body: unknown) =>
        fetch(`${old.apiUrl}/auth/password/validation`, {
          method: 'POST',
          headers: { authorization: `Bearer ${(token as { access_token: string }).access_token}` },
          body: JSON.stringify(body),
        });
      expect((await call({ userid: 'ada', password: 'Analytical-1843' })).status).toBe(204);
      expect((await call({ identifier: 'ada', password: 'Analytical-1843' })).status).toBe(400);
      expect((await call({ userid: 'ada', password: 'wrong' })).status).toBe(400);
      expect((await call({ userid: 'ada', password: 'wrong' })).status).toBe(400);
      expect((await call({ userid: 'ada', password: 'Analytical-1843' })).status).toBe(400);
    } finally {
      await old.close();
    }
  });
});

describe('Koha emulator: patron search and account', () => {
  it('finds patrons by exact card number or user id, and sums a patron account', async () => {
    const token = await appToken();
    const get = async (path: string) =>
      readJson(await fetch(`${koha.apiUrl}/${path}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(await get('patrons?cardnumber=23529000445172&_match=exact')).toMatchObject([{ patron_id: 51 }]);
    expect(await get('patrons?userid=GRACE&_match=exact')).toMatchObject([{ patron_id: 52 }]);
    expect(await get('patrons?cardnumber=2352900044517')).toHaveLength(8);
    expect(await get('patrons?_per_page=1')).toMatchObject([{ patron_id: 51 }]);
    expect(await get('patrons/55/account')).toMatchObject({ balance: 12.5 });
  });
});
