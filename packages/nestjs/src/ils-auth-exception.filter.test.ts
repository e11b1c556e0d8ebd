import 'reflect-metadata';
import { IlsAuthError, type IlsAuthErrorCode } from '@ils-auth/core';
import { Controller, Get, Param } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatusOf, IlsAuthHttpException } from './http-exception.js';
import { IlsAuthExceptionFilter } from './ils-auth-exception.filter.js';
import { startTestApp, type TestApp } from './test-support/test-app.js';

const SECRET_IN_CAUSE = 'client-secret-that-must-not-leak';

@Controller('fail')
class FailingController {
  @Get(':code')
  fail(@Param('code') code: string) {
    const options = code === 'rate_limited' ? { retryAfter: 30, status: 429 } : { status: 401 };
    // The provider's own status (401 here) must not decide our answer; the cause must not reach the body.
    throw new IlsAuthError(code as IlsAuthErrorCode, `the ${code} message`, {
      ...options,
      cause: new Error(SECRET_IN_CAUSE),
    });
  }

  @Get('http/wrapped')
  wrapped() {
    throw new IlsAuthHttpException(new IlsAuthError('access_denied', 'the patron declined'));
  }

  @Get('other/error')
  other() {
    throw new Error(`not ours: ${SECRET_IN_CAUSE}`);
  }
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp([], [FailingController], (nest) =>
    nest.useGlobalFilters(new IlsAuthExceptionFilter()),
  );
});
afterAll(async () => {
  await app.close();
});

const EXPECTED: [IlsAuthErrorCode, number][] = [
  ['invalid_credentials', 401],
  ['invalid_input', 400],
  ['access_denied', 403],
  ['state_mismatch', 403],
  ['session_expired', 401],
  ['provider_unavailable', 503],
  ['timeout', 504],
  ['rate_limited', 429],
  ['config_invalid', 500],
  ['invalid_client', 500],
  ['invalid_grant', 400],
  ['malformed_response', 502],
];

describe('IlsAuthExceptionFilter', () => {
  it.each(EXPECTED)('%s → %i with { statusCode, error, message } and nothing else', async (code, status) => {
    const answer = await fetch(`${app.url}/fail/${code}`);
    expect(answer.status).toBe(status);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({ statusCode: status, error: code, message: `the ${code} message` });
    expect(text).not.toContain(SECRET_IN_CAUSE);
    expect(text).not.toContain('stack');
  });

  it('sets Retry-After on rate_limited', async () => {
    const answer = await fetch(`${app.url}/fail/rate_limited`);
    expect(answer.headers.get('retry-after')).toBe('30');
  });

  it('answers an IlsAuthHttpException (what the guards throw) the same way', async () => {
    const answer = await fetch(`${app.url}/fail/http/wrapped`);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({
      statusCode: 403,
      error: 'access_denied',
      message: 'the patron declined',
    });
  });

  it("leaves other errors to Nest (a plain 500 without the error's message)", async () => {
    const answer = await fetch(`${app.url}/fail/other/error`);
    expect(answer.status).toBe(500);
    expect(await answer.text()).not.toContain(SECRET_IN_CAUSE);
  });
});

describe('httpStatusOf', () => {
  it('a session that needs a new sign-in is 401 whatever its code; a bad state stays 403', () => {
    expect(
      httpStatusOf(new IlsAuthError('invalid_grant', 'refresh token refused', { reauthRequired: true })),
    ).toBe(401);
    expect(httpStatusOf(new IlsAuthError('state_mismatch', 'stale', { reauthRequired: true }))).toBe(403);
    expect(httpStatusOf(new IlsAuthError('invalid_token', 'x'))).toBe(401);
  });

  it('without the filter, Nest answers the guards’ IlsAuthHttpException with the same body', () => {
    const exception = new IlsAuthHttpException(new IlsAuthError('timeout', 'Sierra did not answer in time'));
    expect(exception.getStatus()).toBe(504);
    expect(exception.getResponse()).toEqual({
      statusCode: 504,
      error: 'timeout',
      message: 'Sierra did not answer in time',
    });
  });
});
