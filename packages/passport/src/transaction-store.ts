import type { AuthorizationTransaction } from '@ils-auth/core';
import type { TransactionContext as HolderContext } from '@ils-auth/core/web';
import type { StrategyRequest } from './web-request.js';

/**
 * What a transaction store knows about the sign-in it keeps: core's holder context (provider id, callback
 * path, lifetime, `secure`, the callback's `state`) plus the strategy's name and the resolved redirect URI.
 */
export interface TransactionContext extends HolderContext {
  /** The strategy's name (`sierra`, `rero`, …). */
  strategy: string;
  /** The redirect URI of this sign-in (the resolved `callbackURL`). */
  redirectUri: string;
}

/**
 * Keeps the core `AuthorizationTransaction` (state, PKCE verifier, redirect URI) between the redirect to
 * the provider and the callback: Passport's face of core's `TransactionHolder`, given `req`. Keep it
 * sealed or server-side (the verifier is a secret); a store of several per browser should apply core's
 * `withPending`/`takePending` (its `PENDING_TRANSACTION_LIMIT`). `take` should forget what it returns;
 * single use itself does not rest on it: the engine claims each transaction atomically in the strategy's
 * `store` before the code is exchanged, so a second delivery or a replayed copy is refused whatever the
 * store returns.
 */
export interface TransactionStore {
  save(
    req: StrategyRequest,
    transaction: AuthorizationTransaction,
    context: TransactionContext,
  ): Promise<void>;
  take(req: StrategyRequest, context: TransactionContext): Promise<AuthorizationTransaction | undefined>;
}
