import { inspect } from 'node:util';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client/create-client.js';
import { IlsAuthError } from './errors/ils-auth-error.js';
import { createAuthorizationRequest } from './grants/authorization-code.js';
import { createPatronAuth } from './patrons/create-patron-auth.js';
import { koha } from './providers/koha.js';
import { oauth2 } from './providers/oauth2.js';
import { overdrive } from './providers/overdrive.js';
import { rero } from './providers/rero.js';
import { sierra } from './providers/sierra.js';
import { MemoryStore } from './store/memory-store.js';
import { TokenSet } from './tokens/token-set.js';

const SECRET = 'sUp3r-s3cret-client-value';
const ACCESS = 'at-9f8e7d6c5b4a39281706';
const REFRESH = 'rt-0a1b2c3d4e5f60718293';

function printedForms(value: unknown): string[] {
  return [
    JSON.stringify(value) ?? '',
    inspect(value, { depth: 10, showHidden: false }),
    String(value),
    `${JSON.stringify({ nested: { value } })}`,
  ];
}

function expectNoSecret(value: unknown, ...secrets: string[]): void {
  for (const printed of printedForms(value))
    for (const secret of secrets) expect(printed).not.toContain(secret);
}

describe('no secret, PIN or token is ever printed', () => {
  let emulator: SierraEmulator;
  beforeAll(async () => {
    emulator = await startSierra();
  });
  afterAll(() => emulator.close());

  it('provider descriptors hide the client secret but still use it', () => {
    for (const provider of [
      sierra({ baseUrl: 'https://c.example.org/iii/sierra-api', clientId: 'key', clientSecret: SECRET }),
      overdrive({ clientId: 'od', clientSecret: SECRET }),
      rero({ clientId: 'rero', clientSecret: SECRET }),
      oauth2({ tokenUrl: 'https://idp.example.org/token', clientId: 'x', clientSecret: SECRET }),
      oauth2({
        issuer: 'https://idp.example.org/realms/a',
        clientId: 'x',
        clientSecret: SECRET,
        scopes: ['openid'],
      }),
      koha({ baseUrl: 'https://koha.example.org', clientId: 'k', clientSecret: SECRET }),
    ]) {
      expectNoSecret(provider, SECRET);
      expect({ ...provider }).not.toHaveProperty('clientSecret');
      expect(provider.clientSecret).toBe(SECRET);
    }
  });

  it('token sets hide access and refresh tokens', () => {
    const token = new TokenSet({
      accessToken: ACCESS,
      refreshToken: REFRESH,
      idToken: 'eyJ.id-token-value.sig',
      expiresAt: Date.now() + 1000,
      scope: ['a'],
    });
    expectNoSecret(token, ACCESS, REFRESH, 'id-token-value');
    expectNoSecret({ ...token }, ACCESS, REFRESH);
    expect(token.accessToken).toBe(ACCESS);
    expect(token.refreshToken).toBe(REFRESH);
  });

  it('clients, patron auth, stores and transactions print nothing secret', async () => {
    const store = new MemoryStore();
    const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    const client = createClient(provider, { store });
    const token = await client.getToken();
    const auth = createPatronAuth(provider, { store });
    const session = await auth.login({ barcode: '21913000000001', pin: '1234' });
    const { transaction } = createAuthorizationRequest(
      rero({ clientId: 'r', clientSecret: SECRET }),
      { redirectUri: 'https://app.example.org/cb' },
      Date.now(),
    );
    for (const value of [client, auth, store, session])
      expectNoSecret(value, token, emulator.credentials.clientSecret, session.id, '1234');
    expect(inspect(transaction)).not.toContain(transaction.codeVerifier!);
  });

  it('errors from a refused login carry neither the PIN nor the card number', async () => {
    const auth = createPatronAuth(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
    const error = await auth.login({ barcode: '21913000000001', pin: '9876' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IlsAuthError);
    expect((error as IlsAuthError).code).toBe('invalid_credentials');
    for (const printed of [...printedForms(error), (error as Error).stack ?? ''])
      expect(printed).not.toContain('9876');
  });

  it('errors from a wrong client secret do not echo it', async () => {
    const wrong = 'wrong-secret-value-42';
    const client = createClient(
      sierra({ baseUrl: emulator.url, clientId: emulator.credentials.clientId, clientSecret: wrong }),
    );
    const error = await client.getToken().catch((e: unknown) => e);
    expect((error as IlsAuthError).code).toBe('invalid_client');
    expectNoSecret(error, wrong);
  });
});
