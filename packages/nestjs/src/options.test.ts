import 'reflect-metadata';
import { MemoryStore, overdrive, rero, sierra } from '@ils-auth/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsAuthService, setupOf } from './ils-auth.service.js';
import type { IlsAuthModuleOptions } from './options.js';
import { TEST_SECRET } from './test-support/test-app.js';

const catalogue = sierra({
  baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
  clientId: 'id',
  clientSecret: 'shh-secret',
});
const base: IlsAuthModuleOptions = { secret: TEST_SECRET, providers: { sierra: catalogue } };

function configError(options: unknown) {
  try {
    new IlsAuthService(options as IlsAuthModuleOptions);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('no error');
}

describe('IlsAuthModule options', () => {
  it('defaults: cookie ils_session, basePath /auth, code flow where there is a login page, else PIN', () => {
    const { engine: web, basePath } = setupOf(
      new IlsAuthService({
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
      }),
    );
    expect(web.options.cookieName).toBe('ils_session');
    expect(basePath).toBe('/auth');
    expect(Object.fromEntries([...web.providers].map(([name, p]) => [name, p.signIn]))).toEqual({
      sierra: 'code',
      card: 'pin',
      rero: 'code',
      od: 'pin',
      discovery: false,
    });
  });

  it('takes the options every integration shares, with the same names', () => {
    const { engine: web } = setupOf(
      new IlsAuthService({
        ...base,
        secret: [TEST_SECRET, `${TEST_SECRET}-old`],
        store: new MemoryStore(),
        origin: 'https://catalogue.example.org',
        trustedOrigins: ['https://app.example.org'],
        allowedHosts: ['catalogue.example.org'],
        defaultReturnTo: '/account',
        transactionMaxAgeSeconds: 300,
        throttle: { barcode: { max: 3, windowSeconds: 60 } },
      }),
    );
    expect(web.options).toMatchObject({
      origin: 'https://catalogue.example.org',
      trustedOrigins: ['https://app.example.org'],
      defaultReturnTo: '/account',
      transactionMaxAgeSeconds: 300,
      throttle: { barcode: { max: 3, windowSeconds: 60 } },
    });
  });

  it.each([
    [{ ...base, secret: 'too-short' }, /`secret` must be at least 32 characters/],
    [{ ...base, secret: undefined }, /`secret`/],
    [{ ...base, providers: {} }, /`providers` must name at least one provider/],
    [{ ...base, providers: { 'bad name!': catalogue } }, /`providers\.bad name!` has a name that is not/],
    [{ ...base, providers: { sierra: { id: 'x' } } }, /`providers\.sierra` must be a provider descriptor/],
    [
      { ...base, providers: { r: { provider: rero({ clientId: 'a', clientSecret: 'b' }), signIn: 'pin' } } },
      /`providers\.r\.signIn` is "pin"/,
    ],
    [
      {
        ...base,
        providers: { o: { provider: overdrive({ clientId: 'a', clientSecret: 'b' }), signIn: 'code' } },
      },
      /`providers\.o\.signIn` is "code"/,
    ],
    [{ ...base, cookieName: 'a b' }, /`cookieName`/],
    [{ ...base, basePath: 'auth/' }, /`basePath`/],
    [{ ...base, secureCookies: 'yes' }, /`secureCookies`/],
    [{ ...base, store: {} }, /`store` must be a TokenStore/],
    [{ ...base, throttle: { barcode: { max: 0, windowSeconds: 60 } } }, /`throttle\.barcode`/],
    [{ ...base, origin: 'https://evil.example/path' }, /`origin`/],
    [{ ...base, defaultReturnTo: '//evil.example' }, /`defaultReturnTo`/],
    // Unknown keys: a typo must not silently leave cookies without `Secure`, or a limit unset.
    [{ ...base, secureCookie: true }, /`secureCookie` is not a known option/],
    [{ ...base, throttle: { barcodes: { max: 1, windowSeconds: 60 } } }, /`throttle\.barcodes` is not/],
    [
      { ...base, providers: { sierra: { provider: catalogue, sigIn: 'pin' } } },
      /`providers\.sierra\.sigIn` is not a known option/,
    ],
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

  it('an unknown option stops the Nest app from starting, from forRoot and forRootAsync', async () => {
    const typo = { ...base, secureCookie: true } as IlsAuthModuleOptions;
    for (const module of [
      IlsAuthModule.forRoot(typo),
      IlsAuthModule.forRootAsync({ useFactory: () => typo, isGlobal: true }),
    ]) {
      await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining('`secureCookie` is not a known option'),
      });
    }
  });

  it('isGlobal is a module setting, not an option of ils-auth', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [IlsAuthModule.forRoot({ ...base, isGlobal: true })],
    }).compile();
    expect(moduleRef.get(IlsAuthService).providers).toEqual(['sierra']);
  });
});
