import type { GrantContext } from '@ils-auth/core/extend';

/** Sent on every request; Sierra asks API users to identify their application. */
export const CLI_USER_AGENT = 'ils-auth-cli (+https://github.com/ils-auth/ils-auth)';

/** What core's grant functions need, for a one-shot command (no store, no refresh policy). */
export function cliGrantContext(timeoutMs: number): GrantContext {
  return {
    fetch: globalThis.fetch,
    timeoutMs,
    maxBodyBytes: 1024 * 1024,
    now: Date.now,
    userAgent: CLI_USER_AGENT,
  };
}
