import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { SignInDeadline, withinSignInDeadline } from './sign-in-deadline.js';

describe('withinSignInDeadline', () => {
  it('answers with the work, and aborts nothing, when the work ends in time', async () => {
    let seen: SignInDeadline | undefined;
    const abandoned: string[] = [];
    const result = await withinSignInDeadline(
      1_000,
      'sip2',
      async (deadline) => {
        seen = deadline;
        await sleep(5);
        return 'session';
      },
      async (late) => {
        abandoned.push(late);
      },
    );
    expect(result).toBe('session');
    expect(seen?.signal.aborted).toBe(false);
    await sleep(30);
    expect(abandoned).toEqual([]);
  });

  it('refuses with a typed timeout once the budget is spent, aborts the signal read before, and hands the late result to abandon', async () => {
    let signal: AbortSignal | undefined;
    const abandoned: string[] = [];
    const started = performance.now();
    const outcome = await withinSignInDeadline(
      50,
      'sip2',
      async (deadline) => {
        signal = deadline.signal;
        await sleep(150);
        return 'late session';
      },
      async (late) => {
        abandoned.push(late);
      },
    ).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(140);
    expect(isIlsAuthError(outcome) && outcome.code).toBe('timeout');
    expect(signal?.aborted).toBe(true);
    expect(abandoned).toEqual([]);
    await sleep(200);
    expect(abandoned).toEqual(['late session']);
  });

  it('gives an aborted signal to work that first reads it after the budget is spent', async () => {
    let late: AbortSignal | undefined;
    const outcome = await withinSignInDeadline(
      20,
      'sip2',
      async (deadline) => {
        await sleep(80);
        late = deadline.signal;
        return 'x';
      },
      async () => undefined,
    ).catch((error: unknown) => error);
    expect(isIlsAuthError(outcome) && outcome.code).toBe('timeout');
    await sleep(120);
    expect(late?.aborted).toBe(true);
  });

  it('passes the work’s own failure on, synchronous or not', async () => {
    const failure = new Error('refused');
    await expect(
      withinSignInDeadline(
        1_000,
        'sip2',
        async () => {
          throw failure;
        },
        async () => undefined,
      ),
    ).rejects.toBe(failure);
    await expect(
      withinSignInDeadline(
        1_000,
        'sip2',
        () => {
          throw failure;
        },
        async () => undefined,
      ),
    ).rejects.toBe(failure);
  });

  it('gives a signal first read after the budget is spent already aborted, the same one each time', () => {
    const deadline = new SignInDeadline();
    deadline.expire();
    expect(deadline.expired).toBe(true);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal).toBe(deadline.signal);
  });
});
