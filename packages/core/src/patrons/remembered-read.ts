import { type AtOnce, NOT_AT_ONCE } from '../internal/at-once.js';
import { readAtOnce } from '../store/memory-store.js';
import { isStoreUnavailable, storeUnavailable } from '../store/store-unavailable.js';
import type { TokenStore } from '../store/token-store.js';
import { type RecentSessions, recentSessionsOf } from './recent-sessions.js';

/**
 * Reads a key of a patron's session (its record, the app's user mapped at sign-in) under the outage rule:
 * the store's answer when it gives one (undefined only for a definite miss), else the value this process
 * read within `SESSION_OUTAGE_GRACE_MS`, else `store_unavailable` (503, `Retry-After`). Never undefined
 * because the store could not answer: that would sign the patron out. A key ended here during an outage
 * (`deleteRemembered`) reads as absent in this process. `rememberMisses`: a definite miss is served as
 * such during an outage too (a session without a mapped user); not for session records, whose misses are
 * mostly forged cookies that would crowd real sessions out of the bounded memory.
 */
export async function readRemembered(
  store: TokenStore,
  key: string,
  now: number,
  what: string,
  options: RememberOptions = {},
): Promise<string | undefined> {
  const recent = recentSessionsOf(store);
  if (recent.isRevoked(key)) return undefined;
  let value: string | undefined;
  try {
    value = await store.get(key);
  } catch (error) {
    const remembered = recent.recall(key, now);
    if (remembered) return remembered.value;
    throw isStoreUnavailable(error) ? error : storeUnavailable(`${what} could not be read`, undefined, error);
  }
  settle(recent, key, value, now, options);
  return value;
}

/** `readRemembered` without a promise, when the store answers at once (see `readAtOnce`). */
export function readRememberedAtOnce(
  store: TokenStore,
  key: string,
  now: number,
  options: RememberOptions = {},
): AtOnce<string | undefined> {
  const recent = recentSessionsOf(store);
  if (recent.isRevoked(key)) return undefined;
  const value = readAtOnce(store, key);
  if (value !== NOT_AT_ONCE) settle(recent, key, value, now, options);
  return value;
}

interface RememberOptions {
  rememberMisses?: boolean;
}

/** What the store answered becomes what an outage may serve (a miss only when asked). */
function settle(
  recent: RecentSessions,
  key: string,
  value: string | undefined,
  now: number,
  options: RememberOptions,
): void {
  if (value === undefined && !options.rememberMisses) recent.forget(key);
  else recent.remember(key, value, now);
}

/**
 * Deletes such a key. When the store cannot be told, the key is still ended in this process (never served
 * again here) and `store_unavailable` is thrown: the caller says so instead of silently losing a logout.
 */
export async function deleteRemembered(
  store: TokenStore,
  key: string,
  now: number,
  what: string,
): Promise<void> {
  const recent = recentSessionsOf(store);
  try {
    await store.delete(key);
  } catch (error) {
    recent.revoke(key, now);
    throw isStoreUnavailable(error)
      ? error
      : storeUnavailable(`${what} could not be deleted from the store`, undefined, error);
  }
  recent.forget(key);
}
