import { inspect } from 'node:util';
import {
  IlsAuthError,
  MemoryStore,
  oauth2,
  overdrive,
  type PatronProfile,
  rero,
  sierra,
} from '@ils-auth/core';
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

const SECRET = 'config-test-secret-0123456789abcdef';
const SIERRA = {
  baseUrl: 'http://127.0.0.1:9/iii/sierra-api',
  clientId: 'key',
  clientSecret: 'secret-of-sierra',
  secret: SECRET,
};
const RERO = {
  baseUrl: 'http://127.0.0.1:9',
  clientId: 'rero-client',
  clientSecret: 'rero-client-secret',
  secret: SECRET,
};
const OVERDRIVE = {
  clientId: 'od',
  clientSecret: 'od-secret',
  websiteId: 100300,
  authorizationName: 'riverside',
  secret: SECRET,
};
const { secret: _sierraSecret, ...SIERRA_ONLY } = SIERRA;
const { secret: _reroSecret, ...RERO_ONLY } = RERO;
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
    expect(new OverDriveStrategy(OVERDRIVE, verify).name).toBe('overdrive');
    const { secret, ...sierraOptions } = SIERRA;
    expect(new IlsPinStrategy({ provider: sierra(sierraOptions), name: 'pin', secret }, verify).name).toBe(
      'pin',
    );
  });

  test('a secret shorter than 32 characters, without repeating it', () => {
    const error = configError(() => new ReroStrategy({ ...RERO, secret: 'only-twenty-chars-xx' }, verify));
    expect(error.message).toMatch(/^ReroStrategy: option `secret` must be at least 32 characters long/);
    expect(error.message).not.toContain('only-twenty');
    configError(() => new ReroStrategy({ ...RERO, secret: ['x'.repeat(32), 'short'] }, verify));
  });

  test('an unknown transaction store, a bad callbackURL, scope or name', () => {
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
    const { secret, ...reroOptions } = RERO;
    expect(
      configError(() => new IlsOAuth2Strategy({ provider: noCodeFlow, secret }, verify)).message,
    ).toMatch(/`provider`/);
    expect(
      configError(() => new IlsPinStrategy({ provider: rero(reroOptions), secret }, verify)).message,
    ).toMatch(/`provider`/);
    // OverDrive without allowPasswordGrant offers no patron sign-in to core, so not to the strategy either.
    const discoveryOnly = overdrive({ clientId: 'od', clientSecret: 'od-secret' });
    configError(() => new IlsPinStrategy({ provider: discoveryOnly, secret }, verify));
    const { websiteId: _left, ...withoutWebsite } = OVERDRIVE;
    expect(configError(() => new OverDriveStrategy(withoutWebsite as never, verify)).message).toMatch(
      /`websiteId`/,
    );
    configError(() => new IlsOAuth2Strategy({ provider: undefined as never, secret }, verify));
    // A generic strategy takes its provider whole: provider options beside it are unknown options.
    expect(
      configError(
        () => new IlsPinStrategy({ provider: sierra(SIERRA_ONLY), secret, baseUrl: 'x' } as never, verify),
      ).message,
    ).toMatch(/`baseUrl` is not a known option/);
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

describe("one options schema: ilsAuth()'s names and meanings, old names refused with the new one", () => {
  const make = {
    SierraStrategy: (extra: object) =>
      new SierraStrategy({ ...SIERRA, callbackURL: '/cb', ...extra }, verify),
    SierraPinStrategy: (extra: object) => new SierraPinStrategy({ ...SIERRA, ...extra }, verify),
    ReroStrategy: (extra: object) => new ReroStrategy({ ...RERO, ...extra }, verify),
    OverDriveStrategy: (extra: object) => new OverDriveStrategy({ ...OVERDRIVE, ...extra }, verify),
    IlsPinStrategy: (extra: object) =>
      new IlsPinStrategy({ provider: sierra(SIERRA_ONLY), secret: SECRET, ...extra }, verify),
    IlsOAuth2Strategy: (extra: object) =>
      new IlsOAuth2Strategy({ provider: rero(RERO_ONLY), secret: SECRET, ...extra }, verify),
  };
  const each = Object.entries(make);

  test.each(each)('%s: `secret` is required (no random secret of one process)', (_name, build) => {
    expect(configError(() => build({ secret: undefined })).message).toMatch(/option `secret` must be/);
  });

  test.each(each)('%s takes the web options ilsAuth() takes, under the same names', (_name, build) => {
    const sharedWithTheRouter = {
      store: new MemoryStore(),
      origin: 'https://catalogue.example.org',
      trustedOrigins: ['https://app.example.org'],
      secureCookies: true,
      defaultReturnTo: '/account',
      throttle: { barcode: { max: 3, windowSeconds: 60 } },
      transactionMaxAgeSeconds: 300,
      clientOptions: { userAgent: 'test/1.0', timeoutMs: 2_000, keyPrefix: 'library' },
      processes: 1,
      sessionOutageGraceSeconds: 60,
    };
    expect(() => build(sharedWithTheRouter)).not.toThrow();
    // Checked by core, with core's words.
    expect(configError(() => build({ secureCookies: 'yes' })).message).toMatch(
      /option `secureCookies` must be true, false or "auto"/,
    );
    expect(configError(() => build({ throttle: { barcode: { max: 0 } } })).message).toMatch(
      /`throttle.barcode`/,
    );
  });

  test.each(each)('%s refuses the old flat client options, naming the new place', (_name, build) => {
    for (const old of [
      'userAgent',
      'timeoutMs',
      'signInTimeoutMs',
      'keyPrefix',
      'fetch',
      'clock',
      'logger',
    ]) {
      const error = configError(() => build({ [old]: undefined }));
      expect(error.message).toContain(`option \`${old}\` is now \`clientOptions: { ${old} }\``);
    }
  });

  test.each(each)(
    '%s refuses `proxy`, `cookieName` and `appClient`, which meant something else',
    (_name, build) => {
      expect(configError(() => build({ proxy: true })).message).toMatch(/`proxy` is gone.*trust proxy/);
      expect(configError(() => build({ cookieName: 'tx' })).message).toMatch(
        /`cookieName` names ilsAuth\(\)/,
      );
      expect(configError(() => build({ appClient: {} })).message).toMatch(/`appClient` is gone.*`store`/);
    },
  );
});

describe('a strategy never shows its secrets', () => {
  test('JSON.stringify and util.inspect (every level, hidden properties) of each strategy', () => {
    const strategies = [
      new SierraStrategy({ ...SIERRA, callbackURL: '/cb' }, verify),
      new SierraPinStrategy(SIERRA, verify),
      new ReroStrategy(RERO, verify),
      new OverDriveStrategy(OVERDRIVE, verify),
    ];
    for (const strategy of strategies) {
      const shown = `${JSON.stringify(strategy)}${inspect(strategy, { depth: 20, showHidden: true })}`;
      for (const secret of [SECRET, SIERRA.clientSecret, RERO.clientSecret, OVERDRIVE.clientSecret])
        expect(shown, strategy.name).not.toContain(secret);
    }
  });
});

describe("named strategies take their provider's options from its factory", () => {
  test('an option only the factory reads reaches it: Sierra checks apiVersion, OverDrive pinless', () => {
    // No list of sierra()'s options in the strategy: its own check answers, in its own words.
    for (const build of [
      () => new SierraStrategy({ ...SIERRA, callbackURL: '/cb', apiVersion: 'six' as never }, verify),
      () => new SierraPinStrategy({ ...SIERRA, apiVersion: 'six' as never }, verify),
    ])
      expect(configError(build).message).toBe('sierra: option `apiVersion` must look like "v6"');
    expect(new SierraPinStrategy({ ...SIERRA, apiVersion: 'v5' }, verify).provider.endpoints.apiBase).toMatch(
      /\/v5$/,
    );
    expect(configError(() => new ReroStrategy({ ...RERO, baseUrl: 'not a URL' }, verify)).message).toMatch(
      /^rero: option `baseUrl`/,
    );
    const pinless = new OverDriveStrategy({ ...OVERDRIVE, pinless: true }, verify);
    expect(pinless.provider.passwordGrant?.placeholderPassword).toBeDefined();
  });

  test('a key neither the strategy nor the factory knows is refused by the factory, naming it', () => {
    expect(
      configError(() => new SierraPinStrategy({ ...SIERRA, secureCookie: true } as never, verify)).message,
    ).toMatch(/^sierra: option `secureCookie` is not an option of sierra\(\)/);
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
        { provider: rero(RERO_ONLY), name: 'generic', callbackURL: '/cb', secret: SECRET },
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
