import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type SierraEmulator, startSierra } from './emulator.js';
import { sierraClients } from './seed.js';

const REDIRECT = 'http://127.0.0.1:8123/callback';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

let sierra: SierraEmulator;
beforeAll(async () => {
  // A client registered with an exact redirect URI, beside the seeded loopback-anything clients.
  const strict = {
    clientId: 'strict',
    clientSecret: 'strict-secret',
    redirectUris: ['https://app.example/cb'],
  };
  sierra = await startSierra({ clients: [...sierraClients, strict] });
});
afterAll(() => sierra.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function login(fields: Record<string, string>) {
  return fetch(sierra.authorizeUrl, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      client_id: sierra.credentials.clientId,
      redirect_uri: REDIRECT,
      state: 'st-1',
      response_type: 'code',
      ...fields,
    }),
    redirect: 'manual',
  });
}

async function codeFor(barcode = '21913000000001', pin = '1234', redirectUri = REDIRECT): Promise<string> {
  const response = await login({ code: barcode, pin, redirect_uri: redirectUri });
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  return /[?&]code=([^&]+)/.exec(location)?.[1] ?? '';
}

function exchange(code: string, redirectUri = REDIRECT, client = sierra.credentials) {
  return fetch(sierra.tokenUrl, {
    method: 'POST',
    headers: { ...FORM, Authorization: basic(client.clientId, client.clientSecret) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
  });
}

describe('Sierra patron login (authorization code)', () => {
  it('shows a login form with the barcode, PIN and hidden OAuth fields', async () => {
    const query = new URLSearchParams({
      client_id: sierra.credentials.clientId,
      redirect_uri: REDIRECT,
      state: 'a"b',
      response_type: 'code',
    });
    const response = await fetch(`${sierra.authorizeUrl}?${query}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="code"');
    expect(html).toContain('name="pin"');
    expect(html).toContain('name="state" value="a&quot;b"');
    expect(html).toContain('method="post"');
  });

  it('redirects with code and state, appending "?" even when redirect_uri has a query', async () => {
    const response = await login({
      code: '21913000000001',
      pin: '1234',
      redirect_uri: `${REDIRECT}?from=app`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:8123\/callback\?from=app\?code=[\w-]+&state=st-1$/,
    );
  });

  it('accepts the barcode in field "name" too', async () => {
    expect((await login({ name: '21913000000001', pin: '1234' })).status).toBe(302);
  });

  it('re-renders the form with an error on a wrong PIN, without echoing the PIN', async () => {
    const response = await login({ code: '21913000000001', pin: 'wrong-pin' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('wrong-pin');
  });

  it('shows an error page, never a redirect, for an unknown client or a foreign redirect URI', async () => {
    for (const fields of [
      { client_id: 'nobody' },
      { redirect_uri: 'https://evil.example/cb' },
      { client_id: 'strict' },
    ]) {
      const query = new URLSearchParams({
        client_id: sierra.credentials.clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        ...fields,
      });
      const response = await fetch(`${sierra.authorizeUrl}?${query}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect((await login({ client_id: 'nobody', code: '21913000000001', pin: '1234' })).status).toBe(400);
  });

  it('accepts any loopback redirect for default clients (localhost, [::1], any port)', async () => {
    expect(await codeFor('21913000000001', '1234', 'http://localhost:9/x')).not.toBe('');
    expect(await codeFor('21913000000001', '1234', 'http://[::1]:65000/y/z')).not.toBe('');
  });

  it('exchanges a code for a token bound to the patron, once', async () => {
    const code = await codeFor();
    const response = await exchange(code);
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body).not.toHaveProperty('refresh_token');
    const info = await readJson(
      await fetch(`${sierra.url}/v6/info/token`, {
        headers: { Authorization: `Bearer ${body.access_token}` },
      }),
    );
    expect(info).toMatchObject({ patronId: '1000001', grantType: 'authorization_code' });
    expect(Object.keys(info)[0]).toBe('patronId');

    const again = await exchange(code);
    expect(again.status).toBe(401);
    expect(await readJson(again)).toMatchObject({ code: 124 });
  });

  it('limits a patron token to its own patron', async () => {
    const { access_token: token } = await readJson(await exchange(await codeFor()));
    const auth = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${sierra.url}/v6/patrons/1000001`, { headers: auth })).status).toBe(200);
    const other = await fetch(`${sierra.url}/v6/patrons/1000002`, { headers: auth });
    expect(other.status).toBe(403);
    expect(await readJson(other)).toMatchObject({ httpStatus: 403 });
    expect(
      (
        await fetch(`${sierra.url}/v6/patrons/find?varFieldTag=b&varFieldContent=21913000000002`, {
          headers: auth,
        })
      ).status,
    ).toBe(403);
    const validate = await fetch(`${sierra.url}/v6/patrons/validate`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ barcode: '21913000000002', pin: '12345678' }),
    });
    expect(validate.status).toBe(403);
  });

  it('gives Sierra codes for missing (125), bad (124), mismatched-redirect (128) and foreign-client (129) codes', async () => {
    const missing = await exchange('');
    expect(missing.status).toBe(400);
    expect(await readJson(missing)).toMatchObject({ code: 125 });
    expect(await readJson(await exchange('made-up'))).toMatchObject({ code: 124, httpStatus: 401 });
    const code = await codeFor();
    const mismatch = await exchange(code, 'http://127.0.0.1:8123/other');
    expect(mismatch.status).toBe(401);
    expect(await readJson(mismatch)).toMatchObject({ code: 128 });
    const foreign = await exchange(code, REDIRECT, { clientId: 'Elvis', clientSecret: 'Presley1' });
    expect(await readJson(foreign)).toMatchObject({ code: 129 });
    const namedOther = await fetch(sierra.tokenUrl, {
      method: 'POST',
      headers: {
        ...FORM,
        Authorization: basic(sierra.credentials.clientId, sierra.credentials.clientSecret),
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: 'Elvis',
      }),
    });
    expect(await readJson(namedOther)).toMatchObject({ code: 129 });
    // None of these mistakes burned the code.
    expect((await exchange(code)).status).toBe(200);
  });

  it('expires codes after 60 s of emulator time', async () => {
    const code = await codeFor();
    sierra.controls.advance(61);
    expect(await readJson(await exchange(code))).toMatchObject({ code: 124 });
  });

  it('loses codes on restart', async () => {
    const code = await codeFor();
    sierra.controls.restart();
    expect((await exchange(code)).status).toBe(401);
  });
});
