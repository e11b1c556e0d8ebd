import type { AuthorizationTransaction } from '@ils-auth/core';
import { IlsAuthError } from '@ils-auth/core';
import { asTransaction } from '@ils-auth/core/web';
import type { TransactionContext, TransactionStore } from './transaction-store.js';
import type { StrategyRequest } from './web-request.js';

// A patron who opens the login in several tabs has several sign-ins in flight; abandoned ones are pruned.
const MAX_PENDING = 5;

/**
 * Keeps transactions in `req.session` (express-session or any session middleware), keyed by their state so
 * that two tabs do not overwrite each other. The session store is server-side, so the PKCE verifier never
 * reaches the browser; with cookie-session it would, so prefer the sealed cookie there.
 */
export class SessionTransactionStore implements TransactionStore {
  readonly #key: string | undefined;

  /** `key`: the `req.session` property; default `ils-auth:<strategy name>`. */
  constructor(options: { key?: string } = {}) {
    this.#key = options.key;
  }

  async save(req: StrategyRequest, transaction: AuthorizationTransaction, context: TransactionContext) {
    const session = requireSession(req);
    const key = this.#key ?? `ils-auth:${context.strategy}`;
    const now = transaction.createdAt;
    const pending = Object.entries(pendingOf(session[key])).filter(
      ([, value]) =>
        now - (asTransaction(value, context.provider)?.createdAt ?? 0) <= context.maxAgeSeconds * 1000,
    );
    pending.push([transaction.state, { ...transaction }]);
    session[key] = Object.fromEntries(pending.slice(-MAX_PENDING));
  }

  async take(req: StrategyRequest, context: TransactionContext) {
    const session = requireSession(req);
    const key = this.#key ?? `ils-auth:${context.strategy}`;
    const pending = pendingOf(session[key]);
    if (!context.state || !Object.hasOwn(pending, context.state)) return undefined;
    const transaction = asTransaction(pending[context.state], context.provider);
    delete pending[context.state];
    if (Object.keys(pending).length === 0) delete session[key];
    else session[key] = pending;
    return transaction;
  }
}

function pendingOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

function requireSession(req: StrategyRequest): Record<string, unknown> {
  if (!req.session || typeof req.session !== 'object') {
    throw new IlsAuthError(
      'config_invalid',
      'the session transaction store needs req.session: add express-session before passport, or use the sealed cookie (option `secret`)',
      { retryable: false },
    );
  }
  return req.session as Record<string, unknown>;
}
