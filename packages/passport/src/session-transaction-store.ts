import { sessionTransactionHolder } from '@ils-auth/core/web';
import type { TransactionContext, TransactionStore } from './transaction-store.js';
import type { StrategyRequest } from './web-request.js';

/**
 * Keeps transactions in `req.session` (express-session or any session middleware): core's session holder,
 * keyed by `state` so that two tabs do not overwrite each other, at most core's
 * `PENDING_TRANSACTION_LIMIT` in flight. The session store is server-side, so the PKCE verifier never
 * reaches the browser; with cookie-session it would, so prefer the sealed cookie there.
 */
export class SessionTransactionStore implements TransactionStore {
  readonly #key: string | undefined;

  /** `key`: the `req.session` property; default `ils-auth:<strategy name>`. */
  constructor(options: { key?: string } = {}) {
    this.#key = options.key;
  }

  async save(
    req: StrategyRequest,
    transaction: Parameters<TransactionStore['save']>[1],
    context: TransactionContext,
  ) {
    await this.#holder(req, context).keep(transaction, context);
  }

  async take(req: StrategyRequest, context: TransactionContext) {
    return (await this.#holder(req, context).take(context)).transaction;
  }

  #holder(req: StrategyRequest, context: TransactionContext) {
    return sessionTransactionHolder(req.session, { key: this.#key ?? `ils-auth:${context.strategy}` });
  }
}
