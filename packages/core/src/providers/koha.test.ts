import { type KohaEmulator, startKoha } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { koha } from './koha.js';

let emulator: KohaEmulator;
beforeAll(async () => {
  emulator = await startKoha();
});
afterAll(() => emulator.close());

const provider = (clientSecret = emulator.credentials.clientSecret) =>
  koha({ baseUrl: emulator.url, clientId: emulator.credentials.clientId, clientSecret });

describe('koha(): the Koha REST API by client credentials', () => {
  it('gets an app token with the API key in the form body and reads a patron record', async () => {
    const client = createClient(provider());
    const response = await client.fetch('patrons/51');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ patron_id: 51, surname: 'Lovelace' });
    expect(emulator.controls.tokenRequests()).toBe(1);
  });

  it('gets a new token and retries once after Koha forgot its tokens', async () => {
    const client = createClient(provider());
    await client.getToken();
    emulator.controls.restart();
    expect((await client.fetch('patrons/52')).status).toBe(200);
  });

  it("maps Koha's 403 access_denied for a wrong secret to invalid_client, without the secret", async () => {
    const error = await createClient(provider('not-the-secret'))
      .getToken()
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_client');
    expect(String(error)).not.toContain('not-the-secret');
  });

  it('offers no patron grant: patrons sign in by password validation with the app token', () => {
    expect(provider().grants).toEqual(['client_credentials']);
    expect(provider().patron?.checkPin).toBeTypeOf('function');
  });
});
