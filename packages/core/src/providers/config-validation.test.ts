import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { type IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { koha } from './koha.js';
import { oauth2 } from './oauth2.js';
import { overdrive } from './overdrive.js';
import { rero } from './rero.js';
import { sierra } from './sierra.js';

function configFailure(build: () => unknown): IlsAuthError {
  try {
    build();
  } catch (error) {
    if (isIlsAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected a config_invalid error');
}

const sierraOk = {
  baseUrl: 'https://catalog.example.org/iii/sierra-api',
  clientId: 'key',
  clientSecret: 'pleaseletmein',
};

describe('configuration is validated at construction and the error names the option', () => {
  it.each([
    ['clientId', () => sierra({ ...sierraOk, clientId: '' })],
    ['clientSecret', () => sierra({ ...sierraOk, clientSecret: undefined as unknown as string })],
    ['baseUrl', () => sierra({ ...sierraOk, baseUrl: 'not a url' })],
    ['baseUrl', () => sierra({ ...sierraOk, baseUrl: 'ftp://catalog.example.org' })],
    ['apiVersion', () => sierra({ ...sierraOk, apiVersion: 'six' as 'v6' })],
    [
      'tokenUrl',
      () => oauth2({ tokenUrl: 'https://user:pw@idp.example.org/token', clientId: 'a', clientSecret: 'b' }),
    ],
    [
      'tokenEndpointAuth',
      () =>
        oauth2({
          tokenUrl: 'https://idp.example.org/token',
          clientId: 'a',
          clientSecret: 'b',
          tokenEndpointAuth: 'jwt' as 'basic',
        }),
    ],
    [
      'websiteId',
      () => overdrive({ clientId: 'a', clientSecret: 'b', websiteId: 'abc', authorizationName: 'default' }),
    ],
    ['authorizationName', () => overdrive({ clientId: 'a', clientSecret: 'b', websiteId: 12 })],
    ['clientSecret', () => rero({ clientId: 'a', clientSecret: '' })],
    [
      'patronLoginField',
      () =>
        koha({
          baseUrl: 'https://koha.example.org',
          clientId: 'a',
          clientSecret: 'b',
          patronLoginField: 'cardnumber' as 'userid',
        }),
    ],
    ['colour', () => rero({ clientId: 'a', clientSecret: 'b', colour: 'blue' } as never)],
    ['expirySkewSeconds', () => createClient(sierra(sierraOk), { expirySkewSeconds: -1 })],
    ['userAgent', () => createClient(sierra(sierraOk), { userAgent: 'evil\r\nX-Injected: 1' })],
    ['transactionMaxAgeSeconds', () => createPatronAuth(sierra(sierraOk), { transactionMaxAgeSeconds: 0 })],
    ['sessionTtlSeconds', () => createPatronAuth(sierra(sierraOk), { sessionTtlSeconds: Number.NaN })],
  ])('%s', (option, build) => {
    const error = configFailure(build);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain(`\`${option}\``);
    expect(error.retryable).toBe(false);
  });

  it('refuses a Sierra secret under 8 characters', () => {
    const error = configFailure(() => sierra({ ...sierraOk, clientSecret: 'short' }));
    expect(error.message).toContain('`clientSecret` must be at least 8 characters');
    expect(error.message).not.toContain('short');
  });

  it('refuses http:// to a non-loopback host unless allowInsecureHttp is set', () => {
    const error = configFailure(() =>
      sierra({ ...sierraOk, baseUrl: 'http://catalog.example.org/iii/sierra-api' }),
    );
    expect(error.message).toContain('allowInsecureHttp');
    expect(
      sierra({ ...sierraOk, baseUrl: 'http://catalog.example.org/iii/sierra-api', allowInsecureHttp: true })
        .endpoints.token,
    ).toBe('http://catalog.example.org/iii/sierra-api/v6/token');
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:9000']) {
      expect(() => sierra({ ...sierraOk, baseUrl: `http://${host}/iii/sierra-api` })).not.toThrow();
    }
  });

  it('refuses the password grant unless the application opted in', async () => {
    const provider = overdrive({
      clientId: 'a',
      clientSecret: 'b',
      websiteId: 100,
      authorizationName: 'default',
      patronOauthUrl: 'http://127.0.0.1:9/x',
    });
    const error = await createPatronAuth(provider)
      .login({ barcode: '1234567890', pin: '1234' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('config_invalid');
    expect((error as Error).message).toContain('allowPasswordGrant');
  });
});

describe('hostile barcodes and PINs are refused before any network call', () => {
  let emulator: SierraEmulator;
  beforeAll(async () => {
    emulator = await startSierra();
  });
  afterAll(() => emulator.close());

  it.each([
    ['a barcode with a newline', { barcode: '2191300\n0000001', pin: '1234' }],
    ['a barcode with NUL', { barcode: '21913\u00000000001', pin: '1234' }],
    ['a PIN with a carriage return', { barcode: '21913000000001', pin: '12\r34' }],
    ['a 129-character barcode', { barcode: '9'.repeat(129), pin: '1234' }],
    ['a 200-character PIN', { barcode: '21913000000001', pin: '1'.repeat(200) }],
    ['a missing barcode', { barcode: '', pin: '1234' }],
    ['a number instead of a string', { barcode: 21913000000001 as unknown as string, pin: '1234' }],
    ['a Unicode line separator', { barcode: '21913\u20280000001', pin: '1234' }],
  ])('%s', async (_name, credentials) => {
    const auth = createPatronAuth(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
    emulator.controls.clearRequests();
    const error = await auth.login(credentials).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_input');
    expect(emulator.controls.requests()).toHaveLength(0);
    if (typeof credentials.barcode === 'string' && credentials.barcode.length > 3)
      expect((error as Error).message).not.toContain(credentials.barcode);
  });
});
