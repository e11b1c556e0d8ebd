import { describe, expect, test } from 'vitest';
import { callVerify, type VerifyCallback, type VerifyOutcome } from './verify.js';

const SHORT = ['token', 'refresh', { id: 'profile' }];
const LONG = ['token', 'refresh', { params: true }, { id: 'profile' }];

function run(verify: (...args: never[]) => unknown): Promise<{ outcome: VerifyOutcome; calls: number }> {
  return new Promise((resolve) => {
    let calls = 0;
    callVerify(verify, { short: SHORT, long: LONG }, (outcome) => {
      calls += 1;
      // Give a late second settlement the chance to show up.
      setTimeout(() => resolve({ outcome, calls }), 20);
    });
  });
}

describe('callVerify: the verify callback in the form it was written in', () => {
  test('passport-oauth2 arities: 4 is (accessToken, refreshToken, profile, done), 5 adds params', async () => {
    const short = await run(((_a: string, _r: string, profile: unknown, done: VerifyCallback) =>
      done(null, { got: profile })) as never);
    expect(short.outcome).toEqual({ user: { got: { id: 'profile' } }, info: undefined });
    const long = await run(((
      _a: string,
      _r: string,
      params: unknown,
      profile: unknown,
      done: VerifyCallback,
    ) => done(null, { params, profile }, { message: 'hi' })) as never);
    expect(long.outcome).toEqual({
      user: { params: { params: true }, profile: { id: 'profile' } },
      info: { message: 'hi' },
    });
  });

  test('async functions declare no done: 3 parameters is the profile form, 4 the params form', async () => {
    const short = await run((async (_a: string, _r: string, profile: unknown) => ({
      got: profile,
    })) as never);
    expect(short.outcome).toEqual({ user: { got: { id: 'profile' } } });
    const long = await run((async (_a: string, _r: string, params: unknown, profile: unknown) => ({
      params,
      profile,
    })) as never);
    expect(long.outcome.user).toEqual({ params: { params: true }, profile: { id: 'profile' } });
  });

  test('a plain function returning a promise settles with it', async () => {
    const result = await run(((_a: string, _r: string, profile: unknown) =>
      Promise.resolve({ got: profile })) as never);
    expect(result.outcome).toEqual({ user: { got: { id: 'profile' } } });
  });

  test('resolving false refuses; rejecting and throwing are errors', async () => {
    expect((await run((async () => false) as never)).outcome).toEqual({ user: false });
    const error = new Error('nope');
    expect((await run((async () => Promise.reject(error)) as never)).outcome).toEqual({ error });
    expect(
      (
        await run((() => {
          throw error;
        }) as never)
      ).outcome,
    ).toEqual({ error });
  });

  test('done and a promise: the first one counts, once', async () => {
    const result = await run((async (
      _a: string,
      _r: string,
      _params: unknown,
      _profile: unknown,
      done: VerifyCallback,
    ) => {
      done(null, { first: true });
      return { second: true };
    }) as never);
    expect(result).toEqual({ outcome: { user: { first: true }, info: undefined }, calls: 1 });
  });

  test('a function that declares done and calls it later is waited for, even when it returns a promise', async () => {
    const result = await run(((_a: string, _r: string, _profile: unknown, done: VerifyCallback) => {
      setTimeout(() => done(null, { late: true }), 5);
      return Promise.resolve(undefined);
    }) as never);
    expect(result.outcome).toEqual({ user: { late: true }, info: undefined });
  });

  test('NestJS’s PassportStrategy mixin: an async (...params) that calls the last argument', async () => {
    const mixin = async (...params: unknown[]) => {
      const done = params[params.length - 1] as VerifyCallback;
      const validated = await Promise.resolve({ validated: params.slice(0, -1) });
      done(null, validated);
    };
    const result = await run(mixin as never);
    expect(result.outcome).toEqual({ user: { validated: SHORT }, info: undefined });
    expect(result.calls).toBe(1);
  });
});
