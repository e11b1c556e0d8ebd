import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/read-json.js';
import { type SierraEmulator, startSierra } from './emulator.js';

// The test vectors of seeds 000 and 001 (docs/providers.md, Sierra), byte for byte.
const SEED_KEY_HEADER = 'Basic V08wclMrSUZ6d0xuc28va21QR002UzloNUx2ODpwbGVhc2VsZXRtZWlu';
const ELVIS_HEADER = 'Basic RWx2aXM6UHJlc2xleTE=';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

let sierra: SierraEmulator;
beforeAll(async () => {
  sierra = await startSierra();
});
afterAll(() => sierra.close());

const token = (authorization: string | undefined, body = 'grant_type=client_credentials', headers = FORM) =>
  fetch(sierra.tokenUrl, {
    method: 'POST',
    headers: { ...headers, ...(authorization ? { Authorization: authorization } : {}) },
    body,
  });

describe('Sierra token endpoint', () => {
  it('accepts the seed key by its test-vector Basic header', async () => {
    const response = await token(SEED_KEY_HEADER);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = await readJson(response);
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(body.access_token).toMatch(/^[\w-]{64}$/);
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('accepts Elvis:Presley1 by its test-vector header, and the default credentials are the seed key', async () => {
    expect((await token(ELVIS_HEADER)).status).toBe(200);
    expect(sierra.credentials).toEqual({
      clientId: 'WO0rS+IFzwLnso/kmPGM6S9h5Lv8',
      clientSecret: 'pleaseletmein',
    });
    const built = `Basic ${Buffer.from(`${sierra.credentials.clientId}:${sierra.credentials.clientSecret}`).toString('base64')}`;
    expect(built).toBe(SEED_KEY_HEADER);
  });

  it('refuses the RFC 6749 form-encoded variant of the key (+ sent as %2B)', async () => {
    const encoded = `${encodeURIComponent(sierra.credentials.clientId)}:${encodeURIComponent('pleaseletmein')}`;
    const response = await token(`Basic ${Buffer.from(encoded).toString('base64')}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="sierra-api"');
  });

  it('takes the scheme in any case, and no grant_type (or {} as JSON) as client credentials', async () => {
    expect((await token(SEED_KEY_HEADER.replace('Basic', 'basic'))).status).toBe(200);
    expect((await token(SEED_KEY_HEADER, '')).status).toBe(200);
    expect((await token(SEED_KEY_HEADER, '{}', { 'Content-Type': 'application/json' })).status).toBe(200);
  });

  it('answers 401 with the Basic challenge and a Sierra body for missing or wrong credentials', async () => {
    for (const header of [
      undefined,
      `Basic ${Buffer.from('Elvis:wrong-secret').toString('base64')}`,
      'Basic !!!',
    ]) {
      const response = await token(header);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="sierra-api"');
      const body = await readJson(response);
      expect(body).toMatchObject({ specificCode: 0, httpStatus: 401 });
      expect(typeof body.code).toBe('number');
    }
  });

  it('answers 400 to malformed requests and to grants Sierra does not have', async () => {
    expect((await token(SEED_KEY_HEADER, '{not json', { 'Content-Type': 'application/json' })).status).toBe(
      400,
    );
    expect((await token(SEED_KEY_HEADER, '[1,2]', { 'Content-Type': 'application/json' })).status).toBe(400);
    const refresh = await token(SEED_KEY_HEADER, 'grant_type=refresh_token&refresh_token=x');
    expect(refresh.status).toBe(400);
    expect(await readJson(refresh)).toMatchObject({ code: 106, httpStatus: 400 });
    expect((await token('Bearer abc')).status).toBe(400);
  });

  it('serves /v5/token and /token too, and only POST', async () => {
    for (const path of ['/v5/token', '/token']) {
      const response = await fetch(`${sierra.url}${path}`, {
        method: 'POST',
        headers: { Authorization: ELVIS_HEADER },
      });
      expect(response.status).toBe(200);
    }
    expect((await fetch(sierra.tokenUrl)).status).toBe(405);
  });

  it('reports expires_in from setTokenTtl', async () => {
    sierra.controls.setTokenTtl(120);
    try {
      expect((await readJson(await token(ELVIS_HEADER))).expires_in).toBe(120);
    } finally {
      sierra.controls.setTokenTtl(3600);
    }
  });
});
