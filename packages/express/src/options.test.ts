import { IlsAuthError, MemoryStore, overdrive, rero, sierra } from '@ils-auth/core';
import { describe, expect, it } from 'vitest';
import { ilsAuth } from './ils-auth.js';
import type { IlsAuthOptions } from './options.js';

const secret = 'x'.repeat(32);
const sierraProvider = sierra({
  baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
  clientId: 'key',
  clientSecret: 'secret-of-8',
});
const reroProvider = rero({ baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'reroSecret' });
const odBase = {
  clientId: 'OD',
  clientSecret: 'odSecret',
  oauthUrl: 'http://127.0.0.1:9/oauth',
  patronOauthUrl: 'http://127.0.0.1:9/oauth-patron',
  apiUrl: 'http://127.0.0.1:9/api',
  patronApiUrl: 'http://127.0.0.1:9/patron-api',
};

function configError(options: unknown): IlsAuthError {
  try {
    ilsAuth(options as IlsAuthOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(IlsAuthError);
    expect((error as IlsAuthError).code).toBe('config_invalid');
    return error as IlsAuthError;
  }
  throw new Error('expected a config_invalid error');
}

describe('ilsAuth options', () => {
  it('builds a router with the defaults', () => {
    const auth = ilsAuth({ providers: { sierra: sierraProvider, rero: reroProvider }, secret });
    expect(typeof auth).toBe('function');
    expect(auth.client('sierra').provider.id).toBe('sierra');
    expect(auth.patronAuth('rero').provider.id).toBe('rero');
    expect(() => auth.client('rero')).toThrow(/no app token/);
  });

  it('names the option that is wrong', () => {
    expect(configError({ providers: { sierra: sierraProvider }, secret: 'short' }).message).toMatch(
      /`secret`/,
    );
    expect(configError({ providers: {}, secret }).message).toMatch(/`providers`/);
    expect(configError({ providers: { sierra: sierraProvider }, secret, sekret: 1 }).message).toMatch(
      /`sekret`/,
    );
    expect(configError({ providers: { 'bad name': sierraProvider }, secret }).message).toMatch(
      /providers\.bad name/,
    );
    expect(configError({ providers: { sierra: { provider: {} } }, secret }).message).toMatch(
      /providers\.sierra/,
    );
    expect(
      configError({ providers: { sierra: { provider: sierraProvider, colour: 'red' } }, secret }).message,
    ).toMatch(/providers\.sierra\.colour/);
    expect(configError({ providers: { sierra: sierraProvider }, secret, basePath: 'auth/' }).message).toMatch(
      /`basePath`/,
    );
    expect(configError({ providers: { sierra: sierraProvider }, secret, origin: 'ftp://x' }).message).toMatch(
      /`origin`/,
    );
    expect(configError({ providers: { sierra: sierraProvider }, secret, store: {} }).message).toMatch(
      /`store`/,
    );
    expect(
      configError({ providers: { sierra: sierraProvider }, secret, defaultReturnTo: '//evil.example' })
        .message,
    ).toMatch(/`defaultReturnTo`/);
    expect(
      configError({
        providers: { sierra: { provider: sierraProvider, signIn: 'pin', loginPage: 'https://x' } },
        secret,
      }).message,
    ).toMatch(/loginPage/);
    expect(
      configError({
        providers: { sierra: sierraProvider },
        secret,
        throttle: { barcode: { max: 0, windowSeconds: 1 } },
      }).message,
    ).toMatch(/throttle\.barcode/);
    expect(
      configError({
        providers: { sierra: sierraProvider },
        secret,
        clientOptions: { store: new MemoryStore() },
      }).message,
    ).toMatch(/clientOptions\.store/);
  });

  it('checks that the sign-in method fits the provider', () => {
    expect(
      configError({ providers: { rero: { provider: reroProvider, signIn: 'pin' } }, secret }).message,
    ).toMatch(/cannot check a card number and PIN/);
    const od = overdrive({ ...odBase, websiteId: 1, authorizationName: 'lib' });
    expect(configError({ providers: { od: { provider: od, signIn: 'code' } }, secret }).message).toMatch(
      /no authorization endpoint/,
    );
    // OverDrive's password grant must be acknowledged on the descriptor.
    expect(configError({ providers: { od }, secret }).message).toMatch(/allowPasswordGrant: true/);
    // OverDrive without a website is a Discovery-only provider: no sign-in routes, app token only.
    const discovery = ilsAuth({ providers: { od: overdrive(odBase) }, secret });
    expect(discovery.client('od').provider.id).toBe('overdrive');
  });

  it('keeps secrets out of error messages', () => {
    const error = configError({ providers: { sierra: sierraProvider }, secret: 'my-short-secret' });
    expect(error.message).not.toContain('my-short-secret');
  });
});
