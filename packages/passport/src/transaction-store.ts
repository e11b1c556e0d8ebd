import type { AuthorizationTransaction } from '@ils-auth/core';
import type { StrategyRequest } from './web-request.js';

/** What a transaction store knows about the sign-in it keeps. */
export interface TransactionContext {
  /** The strategy's name (`sierra`, `rero`, …). */
  strategy: string;
  /** The provider's id (the descriptor's): a transaction read back must belong to it. */
  provider: string;
  /** The redirect URI of this sign-in (the resolved `callbackURL`); cookies are limited to its path. */
  redirectUri: string;
  /** How long the patron may take on the provider's pages. */
  maxAgeSeconds: number;
  /** Whether cookies of this sign-in are `Secure`: the strategy's `secureCookies` for this request. */
  secure: boolean;
  /** On the way back: the callback's `state` parameter, when it has one. */
  state?: string;
}

/**
 * Keeps the core `AuthorizationTransaction` (state, PKCE verifier, redirect URI) between the redirect to
 * the provider and the callback. `take` should forget what it returns; single use itself does not rest on
 * it: core's `handleCallback` claims each transaction atomically in the strategy's `store` before the code
 * is exchanged, so a second delivery or a replayed copy is refused whatever the store returns.
 */
export interface TransactionStore {
  save(
    req: StrategyRequest,
    transaction: AuthorizationTransaction,
    context: TransactionContext,
  ): Promise<void>;
  take(req: StrategyRequest, context: TransactionContext): Promise<AuthorizationTransaction | undefined>;
}
