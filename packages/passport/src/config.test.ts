import { IlsAuthError, oauth2, overdrive, type PatronProfile, rero, sierra } from '@ils-auth/core';
import type { Request } from 'express';
import passport from 'passport';
import { describe, expect, test } from 'vitest';
import {
  IlsOAuth2Strategy,
  IlsPinStrategy,
  OverDriveStrategy,
  ReroStrategy,
  SierraPinStrategy,
  SierraStrategy,
  type TokenParams,
  type VerifyCallback,
} from './index.js';

const SIERRA = {
  baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
  clientId: 'key',
  clientSecret: 'secret-of-sierra',
};
const RERO = { baseUrl: 'http://127.0.0.1:9', clientId: 'rero-client', clientSecret: 'rero-client-secret' };
const verify = async () => false;

function configError(make: () => unknown): IlsAuthError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(IlsAuthError);
    expect(error).toMatchObject({ code: 'config_invalid' });
    return error as IlsAuthError;
  }
  throw new Error('expected a config_invalid error');
}

describe('options are checked once, at construction, with config_invalid naming the option', () => {
  test('default names', () => {
    expect(new SierraStrategy({ ...SIERRA, callbackURL: '/cb' }, verify).name).toBe('sierra');
    expect(new SierraPinStrategy(SIERRA, verify).name).toBe('sierra-pin');
    expect(new ReroStrategy({ ...RERO, callbackURL: '/cb' }, verify).name).toBe('rero');
    expect(
      new OverDriveStrategy(
        { clientId: 'od', clientSecret: 'od-secret', websiteId: 100300, authorizationName: 'riverside' },
        verify,
      ).name,
    ).toBe('overdrive');
    expect(new IlsPinStrategy({ provider: sierra(SIERRA), name: 'pin' }, verify).name).toBe('pin');
  });

  test('a secret shorter than 32 characters, without repeating it', () => {
    const error = configError(() => new ReroStrategy({ ...RERO, secret: 'only-twenty-chars-xx' }, verify));
    expect(error.message).toMatch(/^ReroStrategy: option `secret` must be at least 32 characters long/);
    expect(error.message).not.toContain('only-twenty');
    configError(() => new ReroStrategy({ ...RERO, secret: ['x'.repeat(32), 'short'] }, verify));
  });

  test('the cookie store without a secret, an unknown store, a bad callbackURL, scope or name', () => {
    expect(
      configError(() => new ReroStrategy({ ...RERO, transactionStore: 'cookie' }, verify)).message,
    ).toMatch(/`secret`/);
    expect(
      configError(() => new ReroStrategy({ ...RERO, transactionStore: 'redis' as 'cookie' }, verify)).message,
    ).toMatch(/`transactionStore`/);
    expect(configError(() => new ReroStrategy({ ...RERO, callbackURL: '/cb#frag' }, verify)).message).toMatch(
      /`callbackURL`/,
    );
    expect(
      configError(() => new ReroStrategy({ ...RERO, scope: 42 as unknown as string }, verify)).message,
    ).toMatch(/`scope`/);
    expect(configError(() => new ReroStrategy({ ...RERO, name: 'has space' }, verify)).message).toMatch(
      /`name`/,
    );
  });

  test('verify must be a function; provider options are checked by core', () => {
    expect(configError(() => new ReroStrategy(RERO, undefined as unknown as typeof verify)).message).toMatch(
      /`verify`/,
    );
    expect(
      configError(() => new SierraPinStrategy({ ...SIERRA, clientSecret: 'short' }, verify)).message,
    ).toMatch(/clientSecret/);
    // Strategy options never reach core's strict option readers as unknown options.
    expect(
      () => new SierraStrategy({ ...SIERRA, callbackURL: '/cb', name: 'x', scope: 'a b' }, verify),
    ).not.toThrow();
  });

  test('a provider without the needed sign-in', () => {
    const noCodeFlow = oauth2({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 's' });
    expect(configError(() => new IlsOAuth2Strategy({ provider: noCodeFlow }, verify)).message).toMatch(
      /`provider`/,
    );
    expect(configError(() => new IlsPinStrategy({ provider: rero(RERO) }, verify)).message).toMatch(
      /`provider`/,
    );
    // OverDrive without allowPasswordGrant offers no patron sign-in to core, so not to the strategy either.
    const discoveryOnly = overdrive({ clientId: 'od', clientSecret: 'od-secret' });
    configError(() => new IlsPinStrategy({ provider: discoveryOnly }, verify));
    expect(
      configError(
        () =>
          new OverDriveStrategy(
            { clientId: 'od', clientSecret: 'od-secret', authorizationName: 'x' } as never,
            verify,
          ),
      ).message,
    ).toMatch(/`websiteId`/);
    configError(() => new IlsOAuth2Strategy({ provider: undefined as never }, verify));
  });

  test('a throttle in a store other processes share needs the secret that keys its counters', () => {
    const entries = new Map<string, string>();
    const shared = {
      get: async (key: string) => entries.get(key),
      set: async (key: string, value: string) => void entries.set(key, value),
      delete: async (key: string) => void entries.delete(key),
    };
    expect(configError(() => new SierraPinStrategy({ ...SIERRA, store: shared }, verify)).message).toMatch(
      /`secret`/,
    );
    expect(
      () => new SierraPinStrategy({ ...SIERRA, store: shared, secret: 'x'.repeat(32) }, verify),
    ).not.toThrow();
    expect(() => new SierraPinStrategy({ ...SIERRA, store: shared, throttle: false }, verify)).not.toThrow();
  });

  test('field names of the PIN form', () => {
    expect(configError(() => new SierraPinStrategy({ ...SIERRA, barcodeField: '' }, verify)).message).toMatch(
      /`barcodeField`/,
    );
    expect(configError(() => new SierraPinStrategy({ ...SIERRA, pinField: 'a b' }, verify)).message).toMatch(
      /`pinField`/,
    );
  });
});

describe('types: what a TypeScript app writes compiles (tsc --noEmit checks this file)', () => {
  test('passport.use() takes the strategies as they are, with typed verify callbacks', () => {
    const registry = new passport.Passport();
    registry.use(
      new SierraStrategy({ ...SIERRA, callbackURL: '/cb' }, async (_a, _r, profile) => profile.id),
    );
    registry.use(
      new ReroStrategy(
        { ...RERO, callbackURL: '/cb', passReqToCallback: true },
        (req: Request, _accessToken, refreshToken, profile, done) =>
          done(null, { id: profile.id, ip: req.ip, refreshable: refreshToken !== undefined }),
      ),
    );
    registry.use(
      new IlsOAuth2Strategy(
        { provider: rero(RERO), name: 'generic', callbackURL: '/cb' },
        async (_a: string, _r: string | undefined, params: TokenParams, profile: PatronProfile) => ({
          id: profile.id,
          session: params.patronSession.id,
        }),
      ),
    );
    registry.use(
      new SierraPinStrategy(SIERRA, async (profile, session) => ({ id: profile.id, s: session.id })),
    );
    registry.use(
      new SierraPinStrategy({ ...SIERRA, name: 'short' }, (profile: PatronProfile, done: VerifyCallback) =>
        done(null, profile.id),
      ),
    );
    expect(Object.keys((registry as unknown as { _strategies: object })._strategies)).toEqual(
      expect.arrayContaining(['sierra', 'rero', 'generic', 'sierra-pin', 'short']),
    );
  });
});
