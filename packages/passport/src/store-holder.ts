import type { TransactionHolder } from '@ils-auth/core/web';
import type { TransactionStore } from './transaction-store.js';
import type { StrategyRequest } from './web-request.js';

/** Core's holder over a Passport transaction store, for one request; `found`: the callback's store had one. */
export interface StoreHolder extends TransactionHolder {
  readonly found: boolean;
}

/**
 * Converts a Passport `TransactionStore` (given `req`) to core's `TransactionHolder`, which the engine's
 * start and callback steps use. The store writes its own cookies (on `req.res`), so the holder answers none.
 */
export function holderOverStore(
  store: TransactionStore,
  req: StrategyRequest,
  strategy: string,
): StoreHolder {
  let found = false;
  const withStrategy = <C extends { redirectUri?: string; callbackPath: string }>(context: C) => ({
    ...context,
    strategy,
    redirectUri: context.redirectUri ?? context.callbackPath,
  });
  return {
    get found() {
      return found;
    },
    async keep(transaction, context) {
      await store.save(req, transaction, withStrategy(context));
      return [];
    },
    async take(context) {
      const transaction = await store.take(req, withStrategy(context));
      found = transaction !== undefined;
      return { transaction, cookies: [] };
    },
  };
}
