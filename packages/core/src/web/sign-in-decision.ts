import { IlsAuthError } from '../errors/ils-auth-error.js';
import { REASON_PATTERN } from './public-error-code.js';
import { isLocalPath } from './return-to.js';

/**
 * What an application's `signIn` callback returns, as Auth.js users know it:
 * - `true` (or nothing): let the patron in;
 * - `false`: refuse them (`access_denied`);
 * - a path on this site: let them in and send them there instead of where they were going;
 * - `{ user, redirectTo }`: let them in as the application's `user` (kept with their session), optionally
 *   sent to `redirectTo`;
 * - `{ error, message }`: refuse them for a reason of the application's (`card_expired`), which a page
 *   sees as `?error=card_expired` and a JSON client as `{ error: { code: 'access_denied', reason, message } }`.
 */
export type SignInCallbackResult<User = unknown> =
  | boolean
  | string
  | undefined
  | { user?: User; redirectTo?: string }
  | { error: string; message?: string };

export type SignInDecision =
  | { allowed: true; user: unknown; redirectTo: string | undefined }
  | { allowed: false; error: SignInDeniedError };

/** A sign-in the application's `signIn` callback refused; `reason` is its own code, safe to show. */
export class SignInDeniedError extends IlsAuthError {
  readonly reason: string;

  constructor(reason: string, message: string, provider: string | undefined) {
    super('access_denied', message, { status: 403, ...(provider ? { provider } : {}) });
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** Reads a `signIn` callback's answer; an answer of another shape is the application's bug, named as such. */
export function decideSignIn(result: unknown, provider?: string): SignInDecision {
  if (result === undefined || result === true)
    return { allowed: true, user: undefined, redirectTo: undefined };
  if (result === false) return denied('access_denied', 'the application refused this sign-in', provider);
  if (typeof result === 'string') return { allowed: true, user: undefined, redirectTo: localPath(result) };
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const answer = result as Record<string, unknown>;
    if ('error' in answer) {
      if (typeof answer.error !== 'string' || !REASON_PATTERN.test(answer.error))
        throw badResult('`error` must be a code like "card_expired" (a-z, 0-9, _; at most 40)');
      if (answer.message !== undefined && typeof answer.message !== 'string')
        throw badResult('`message` must be a string');
      return denied(answer.error, answer.message ?? 'the application refused this sign-in', provider);
    }
    const redirectTo = answer.redirectTo === undefined ? undefined : localPath(answer.redirectTo);
    return { allowed: true, user: answer.user, redirectTo };
  }
  throw badResult('return true, false, a path, { user, redirectTo } or { error, message }');
}

function denied(reason: string, message: string, provider: string | undefined): SignInDecision {
  // Messages reach the patron: cut an application's long text rather than echo it whole.
  return { allowed: false, error: new SignInDeniedError(reason, message.slice(0, 200), provider) };
}

function localPath(value: unknown): string {
  if (!isLocalPath(value)) throw badResult('a redirect must be a path on this site, like "/welcome"');
  return value;
}

function badResult(problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `the signIn callback's answer is not usable: ${problem}`, {
    retryable: false,
    status: 500,
  });
}
