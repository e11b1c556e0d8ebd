import type { AuthorizationTransaction } from '@ils-auth/core';
import type { StrategyRequest } from './request-info.js';

/** What a transaction store knows about the sign-in it keeps. */
export interface TransactionContext {
  /** The strategy's name (`sierra`, `rero`, …). */
  strategy: string;
  /** The redirect URI of this sign-in (the resolved `callbackURL`); cookies are limited to its path. */
  redirectUri: string;
  /** How long the patron may take on the provider's pages. */
  maxAgeSeconds: number;
  /** On the way back: the callback's `state` parameter, when it has one. */
  state?: string;
}

/**
 * Keeps the core `AuthorizationTransaction` (state, PKCE verifier, redirect URI) between the redirect to
 * the provider and the callback. `take` must forget what it returns, so a replayed callback finds nothing.
 */
export interface TransactionStore {
  save(
    req: StrategyRequest,
    transaction: AuthorizationTransaction,
    context: TransactionContext,
  ): Promise<void>;
  take(req: StrategyRequest, context: TransactionContext): Promise<AuthorizationTransaction | undefined>;
}

/** Reads back a stored transaction, refusing anything that is not one. */
export function asTransaction(value: unknown): AuthorizationTransaction | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (
    typeof v.provider !== 'string' ||
    typeof v.state !== 'string' ||
    typeof v.redirectUri !== 'string' ||
    typeof v.createdAt !== 'number' ||
    (v.codeVerifier !== undefined && typeof v.codeVerifier !== 'string') ||
    (v.returnTo !== undefined && typeof v.returnTo !== 'string')
  ) {
    return undefined;
  }
  const transaction: AuthorizationTransaction = {
    provider: v.provider,
    state: v.state,
    redirectUri: v.redirectUri,
    createdAt: v.createdAt,
  };
  if (typeof v.codeVerifier === 'string') transaction.codeVerifier = v.codeVerifier;
  if (typeof v.returnTo === 'string') transaction.returnTo = v.returnTo;
  return transaction;
}
