import { describe, expect, it } from 'vitest';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { SetCookie } from './cookies.js';
import { attachCookies } from './error-cookies.js';
import { publicErrorCode, publicFailureCode } from './public-error-code.js';
import { SignInDeniedError } from './sign-in-decision.js';
import { signInFailureRedirect } from './sign-in-failure.js';
import type { WebRequest } from './web-request.js';

const page = (headers: Record<string, string> = {}): WebRequest => ({
  method: 'POST',
  url: '/auth/sierra/login',
  headers: { host: '127.0.0.1:5999', accept: 'text/html,application/xhtml+xml', ...headers },
  ip: '203.0.113.5',
});
const wrongPin = () => new IlsAuthError('invalid_credentials', 'Sierra refused the barcode or PIN');

describe('signInFailureRedirect: a failed sign-in of a page goes to the failure page with a safe code', () => {
  it('303 to the page with the code, the provider, where the patron was going and the cookies to write', () => {
    const clearedTransaction: SetCookie = {
      name: 'ils_auth_tx_rero',
      value: '',
      path: '/auth/rero/callback',
      httpOnly: true,
      sameSite: 'Lax',
      secure: false,
      maxAgeSeconds: 0,
    };
    const error = attachCookies(wrongPin(), [clearedTransaction]);
    expect(
      signInFailureRedirect(page(), '/login', error, { provider: 'sierra', returnTo: '/account' }),
    ).toEqual({
      status: 303,
      location: '/login?error=invalid_credentials&provider=sierra&returnTo=%2Faccount',
      headers: expect.objectContaining({ 'cache-control': 'no-store' }),
      cookies: [clearedTransaction],
    });
  });

  it('keeps a query the failure page already has', () => {
    const redirect = signInFailureRedirect(page(), '/login?lang=fr', wrongPin(), { provider: 'sierra' });
    expect(redirect?.location).toBe('/login?lang=fr&error=invalid_credentials&provider=sierra');
  });

  it('is undefined without a failure page, and for a caller that wants JSON', () => {
    expect(signInFailureRedirect(page(), undefined, wrongPin(), { provider: 'sierra' })).toBeUndefined();
    for (const headers of [{ accept: 'application/json' }, { 'content-type': 'application/json' }] as Record<
      string,
      string
    >[])
      expect(
        signInFailureRedirect(page(headers), '/login', wrongPin(), { provider: 'sierra' }),
      ).toBeUndefined();
  });
});

describe('the code a failure page is shown', () => {
  it("is the patron's kind of failure, the application's own reason, else sign_in_failed", () => {
    expect(publicErrorCode(wrongPin())).toBe('invalid_credentials');
    expect(publicErrorCode(new IlsAuthError('issuer_mismatch', 'another server'))).toBe('issuer_mismatch');
    expect(publicErrorCode(new SignInDeniedError('card_expired', 'expired', 'sierra'))).toBe('card_expired');
    expect(publicErrorCode(new IlsAuthError('invalid_client', 'our client was refused'))).toBe(
      'sign_in_failed',
    );
    expect(publicErrorCode(new Error('database password is hunter2'))).toBe('sign_in_failed');
  });

  it('from a bare code (Passport info.code): ils-auth inner codes and odd shapes are not shown', () => {
    expect(publicFailureCode('rate_limited')).toBe('rate_limited');
    expect(publicFailureCode('card_expired')).toBe('card_expired');
    for (const code of ['invalid_client', 'config_invalid', '<script>', 'X'.repeat(50), undefined, 42])
      expect(publicFailureCode(code)).toBe('sign_in_failed');
  });
});
