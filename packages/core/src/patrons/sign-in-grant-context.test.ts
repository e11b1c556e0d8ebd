import { describe, expect, it } from 'vitest';
import type { GrantContext } from '../grants/grant-context.js';
import { SignInDeadline } from './sign-in-deadline.js';
import { SignInGrantContext } from './sign-in-grant-context.js';

describe('SignInGrantContext', () => {
  it("carries the auth's grant context and reads the signal from the sign-in's deadline when asked", () => {
    const base: GrantContext = {
      fetch,
      timeoutMs: 1_234,
      maxBodyBytes: 5_678,
      now: () => 42,
      userAgent: 'ils-auth-test',
      logger: { warn: () => undefined, error: () => undefined } as unknown as GrantContext['logger'],
    };
    const deadline = new SignInDeadline();
    const grant = new SignInGrantContext(base, deadline);
    expect(grant).toMatchObject({ timeoutMs: 1_234, maxBodyBytes: 5_678, userAgent: 'ils-auth-test' });
    expect(grant.fetch).toBe(fetch);
    expect(grant.now()).toBe(42);
    expect(grant.logger).toBe(base.logger);
    expect(grant.signal).toBe(deadline.signal);
    expect(grant.signal.aborted).toBe(false);
    deadline.expire();
    expect(grant.signal.aborted).toBe(true);
  });
});
