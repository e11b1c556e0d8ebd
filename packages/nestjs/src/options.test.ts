import 'reflect-metadata';
import { overdrive, rero, sierra } from '@ils-auth/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { type IlsAuthModuleOptions, resolveOptions } from './options.js';
import { TEST_SECRET } from './testing/test-app.js';

const catalogue = sierra({
  baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
  clientId: 'id',
  clientSecret: 'shh-secret',
});
const base: IlsAuthModuleOptions = { secret: TEST_SECRET, providers: { sierra: catalogue } };

function configError(options: unknown) {
  try {
    resolveOptions(options as IlsAuthModuleOptions);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('no error');
}

describe('IlsAuthModule options', () => {
  it('defaults: cookie ils_session, basePath /auth, code flow where there is a login page, else PIN', () => {
    const resolved = resolveOptions({
      ...base,
      providers: {
        sierra: catalogue,
        card: { provider: catalogue, signIn: 'pin' },
        rero: rero({ clientId: 'a', clientSecret: 'b' }),
        od: overdrive({
          clientId: 'a',
          clientSecret: 'b',
          websiteId: '1',
          authorizationName: 'x',
          allowPasswordGrant: true,
        }),
        discovery: overdrive({ clientId: 'a', clientSecret: 'b' }),
      },
    });
    expect(resolved.cookieName).toBe('ils_session');
    expect(resolved.basePath).toBe('/auth');
    expect(Object.fromEntries(resolved.providers.map((p) => [p.name, p.signIn]))).toEqual({
      sierra: 'code',
      card: 'pin',
      rero: 'code',
      od: 'pin',
      discovery: false,
    });
  });

  it.each([
    [{ ...base, secret: 'too-short' }, /secret must be a string of at least 32 characters/],
    [{ ...base, secret: undefined }, /secret/],
    [{ ...base, providers: {} }, /providers must name at least one provider/],
    [{ ...base, providers: { 'bad name!': catalogue } }, /providers\.bad name! is not a valid name/],
    [{ ...base, providers: { sierra: { id: 'x' } } }, /providers\.sierra must be a provider descriptor/],
    [
      { ...base, providers: { r: { provider: rero({ clientId: 'a', clientSecret: 'b' }), signIn: 'pin' } } },
      /providers\.r\.signIn is 'pin'/,
    ],
    [
      {
        ...base,
        providers: { o: { provider: overdrive({ clientId: 'a', clientSecret: 'b' }), signIn: 'code' } },
      },
      /providers\.o\.signIn is 'code'/,
    ],
    [{ ...base, cookieName: 'a b' }, /cookieName/],
    [{ ...base, basePath: 'auth/' }, /basePath/],
    [{ ...base, secureCookies: 'yes' }, /secureCookies/],
    [{ ...base, store: {} }, /store must be a TokenStore/],
    [{ ...base, throttle: { barcode: { max: 0, windowSeconds: 60 } } }, /throttle\.barcode/],
  ])('refuses bad options with config_invalid naming the option (%#)', (options, message) => {
    const error = configError(options);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('shh-secret');
    expect(error.message).not.toContain('too-short');
  });

  it('a bad option stops the Nest app from starting', async () => {
    const compile = Test.createTestingModule({
      imports: [IlsAuthModule.forRoot({ ...base, secret: 'too-short-secret' })],
    }).compile();
    await expect(compile).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('secret'),
    });
  });
});
