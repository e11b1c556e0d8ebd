import { describe, expect, it } from 'vitest';
import { sierra } from '../providers/sierra.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';
import { checkRoutesPath, resolveWebOptions } from './web-options.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const catalogue = sierra({
  baseUrl: 'https://catalog.example.org/iii/sierra-api',
  clientId: 'id',
  clientSecret: 'pleaseletmein',
});
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  return 'accepted';
};

describe('the shared options schema', () => {
  it('refuses unknown keys, naming them, at every level', () => {
    expect(problem(() => resolveWebOptions('ilsAuth', { secret: SECRET, secureCookie: true } as never))).toBe(
      'config_invalid: ilsAuth: option `secureCookie` is not a known option',
    );
    expect(
      problem(() =>
        resolveWebOptions('x', {
          secret: SECRET,
          throttle: { barcode: { max: 3, windowSeconds: 60, burst: 1 } },
        } as never),
      ),
    ).toContain('`throttle.barcode.burst` is not a known option');
    expect(
      problem(
        () =>
          new IlsAuthEngine(
            {
              secret: SECRET,
              providers: { card: { provider: catalogue, signin: 'pin' } },
            } as never,
            { owner: 'IlsAuthModule' },
          ),
      ),
    ).toContain('`providers.card.signin` is not a known option');
  });

  it('accepts the adapter’s own keys only when it names them', () => {
    expect(
      problem(() =>
        resolveWebOptions('ilsAuth', { secret: SECRET, basePath: '/auth' } as never, ['basePath']),
      ),
    ).toBe('accepted');
  });

  it('checks secrets (rotation arrays too) without repeating them', () => {
    for (const secret of ['short-secret', ['ok'.repeat(20), 'short'], [], 42]) {
      const message = problem(() => resolveWebOptions('ilsAuth', { secret } as never));
      expect(message).toContain('config_invalid: ilsAuth: option `secret`');
      expect(message).not.toContain('short-secret');
    }
    expect(resolveWebOptions('x', { secret: [SECRET, `${SECRET}-old`] }).secrets).toHaveLength(2);
  });

  it('refuses origins with paths, cookie names that would fake a prefix, and bad limits', () => {
    expect(
      problem(() => resolveWebOptions('x', { secret: SECRET, origin: 'https://a.example/path' })),
    ).toContain('`origin`');
    expect(problem(() => resolveWebOptions('x', { secret: SECRET, cookieName: '__Host-x' }))).toContain(
      '`cookieName`',
    );
    expect(
      problem(() =>
        resolveWebOptions('x', { secret: SECRET, throttle: { ip: { max: 0, windowSeconds: 60 } } }),
      ),
    ).toContain('`throttle.ip`');
    expect(
      problem(() => resolveWebOptions('x', { secret: SECRET, transactionMaxAgeSeconds: 7200 })),
    ).toContain('`transactionMaxAgeSeconds`');
  });

  it('gives every adapter the same defaults', () => {
    const resolved = resolveWebOptions('x', { secret: SECRET });
    expect(resolved).toMatchObject({
      cookieName: 'ils_session',
      secureCookies: 'auto',
      defaultReturnTo: '/',
      transactionMaxAgeSeconds: 600,
      trustedOrigins: [],
      throttle: { barcode: { max: 5, windowSeconds: 900 }, ip: { max: 20, windowSeconds: 900 } },
    });
  });
});

describe('checkRoutesPath', () => {
  it('keeps a plain path or the root, and names the option for anything else', () => {
    for (const path of ['/auth', '', '/api/v1/auth', '/a.b~c_d-e'])
      expect(checkRoutesPath('test', 'basePath', path)).toBe(path);
    for (const bad of [
      'auth',
      '/auth/',
      '//evil.example',
      '/a b',
      '/a?b',
      '/../x/',
      '/a\\b',
      42,
      undefined,
      null,
    ])
      expect(() => checkRoutesPath('test', 'basePath', bad)).toThrow(
        expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('`basePath`') }),
      );
  });
});
