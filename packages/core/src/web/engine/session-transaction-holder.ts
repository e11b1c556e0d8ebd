import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { PENDING_TRANSACTION_LIMIT, takePending, withPending } from './pending-transactions.js';
import type { HeldTransaction, TransactionContext, TransactionHolder } from './transaction-holder.js';

export interface SessionTransactionHolderOptions {
  /** The session property the transactions go under; default `ils-auth:<provider name>`. */
  key?: string;
  /** Sign-ins in flight at once; default `PENDING_TRANSACTION_LIMIT`. */
  limit?: number;
}

/**
 * Keeps transactions in a server-side session object (express-session's `req.session`, any middleware's),
 * keyed by `state` so that two tabs signing in at once do not overwrite each other, at most
 * `PENDING_TRANSACTION_LIMIT` of them. The PKCE verifier never reaches the browser with a server-side
 * store; with a cookie-backed session (cookie-session) it would: use the sealed cookie holder there.
 * Writes no cookie.
 */
export function sessionTransactionHolder(
  session: unknown,
  options: SessionTransactionHolderOptions = {},
): TransactionHolder {
  if (session === null || typeof session !== 'object')
    throw new IlsAuthError(
      'config_invalid',
      'the session transaction holder needs a session object (add express-session before the sign-in route), or use the sealed cookie',
      { retryable: false },
    );
  const store = session as Record<string, unknown>;
  const limit = options.limit ?? PENDING_TRANSACTION_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new IlsAuthError('config_invalid', 'the pending-transaction limit must be a positive integer', {
      retryable: false,
    });
  const keyOf = (context: TransactionContext) => options.key ?? `ils-auth:${context.name}`;
  return {
    async keep(transaction, context) {
      const key = keyOf(context);
      store[key] = withPending(store[key], transaction, context.maxAgeSeconds, limit);
      return [];
    },
    async take(context): Promise<HeldTransaction> {
      const key = keyOf(context);
      const { transaction, rest } = takePending(store[key], context.state, context.provider);
      if (Object.keys(rest).length === 0) delete store[key];
      else store[key] = rest;
      return { transaction, cookies: [] };
    },
  };
}
