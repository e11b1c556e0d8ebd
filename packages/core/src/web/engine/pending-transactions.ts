import type { AuthorizationTransaction } from '../../grants/authorization-code.js';
import { asTransaction } from '../transaction-cookie.js';

/**
 * How many code-flow sign-ins one browser may have in flight with one provider in a holder that keeps
 * several (a patron who opened the login page in a few tabs). Past it the oldest is dropped: abandoned
 * sign-ins must not grow a session without bound.
 */
export const PENDING_TRANSACTION_LIMIT = 5;

/** Pending transactions by `state`, as a holder of several stores them (plain data: it may be serialised). */
export type PendingTransactions = Record<string, AuthorizationTransaction>;

/**
 * `pending` with `transaction` added: those of another provider, malformed or older than `maxAgeSeconds`
 * are pruned, then only the newest `limit` kept. Every holder of several transactions applies this one rule.
 */
export function withPending(
  pending: unknown,
  transaction: AuthorizationTransaction,
  maxAgeSeconds: number,
  limit: number = PENDING_TRANSACTION_LIMIT,
): PendingTransactions {
  const live = Object.entries(asRecord(pending))
    .map(([state, value]) => [state, asTransaction(value, transaction.provider)] as const)
    .filter(
      (entry): entry is readonly [string, AuthorizationTransaction] =>
        entry[1] !== undefined &&
        entry[0] === entry[1].state &&
        transaction.createdAt - entry[1].createdAt <= maxAgeSeconds * 1000,
    )
    .map(([state, value]): [string, AuthorizationTransaction] => [state, { ...value }]);
  live.push([transaction.state, { ...transaction }]);
  return Object.fromEntries(live.slice(-Math.max(1, limit)));
}

/** Takes the transaction for `state` out of `pending`: what it was, and what is left. */
export function takePending(
  pending: unknown,
  state: string | undefined,
  provider: string,
): { transaction: AuthorizationTransaction | undefined; rest: PendingTransactions } {
  const rest = asRecord(pending) as PendingTransactions;
  if (state === undefined || !Object.hasOwn(rest, state)) return { transaction: undefined, rest };
  const transaction = asTransaction(rest[state], provider);
  delete rest[state];
  return { transaction, rest };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}
