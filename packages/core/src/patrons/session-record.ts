import { type AtOnce, NOT_AT_ONCE } from '../internal/at-once.js';
import { BoundedMemo } from '../internal/bounded-memo.js';
import { fingerprint } from '../internal/hash.js';
import type { TokenStore } from '../store/token-store.js';
import { isSerializedTokenSet, type SerializedTokenSet, TokenSet } from '../tokens/token-set.js';
import type { PatronProfile } from './patron-profile.js';
import { deleteRemembered, readRemembered, readRememberedAtOnce } from './remembered-read.js';

/** What the store holds for one patron session. Never a PIN. */
export interface SessionRecord {
  v: 1;
  provider: string;
  /** The `sessionScope` the session was started under (see `PatronAuthOptions`); none when unscoped. */
  scope?: string;
  patronId?: string;
  barcode?: string;
  profile?: PatronProfile;
  tokens?: SerializedTokenSet;
  /** The validated claims of an OpenID Connect sign-in's id_token (not the token itself). */
  idTokenClaims?: Readonly<Record<string, unknown>>;
  createdAt: number;
  expiresAt: number;
}

/** The session id itself is a credential: the store key holds only its fingerprint. */
export function sessionKey(keyPrefix: string, sessionId: string): string {
  let keys = sessionKeysByPrefix.get(keyPrefix);
  if (!keys) {
    keys = new BoundedMemo(MAX_SESSION_KEYS, (id) => `${keyPrefix}:session:${fingerprint(id)}`);
    sessionKeysByPrefix.set(keyPrefix, keys);
  }
  return keys.get(sessionId);
}

// Every guarded request reads its session: a SHA-256 each time would be a tenth of the guard's own work.
// A process has one key prefix, or a few.
const sessionKeysByPrefix = new Map<string, BoundedMemo<string>>();
const MAX_SESSION_KEYS = 10_000;

/**
 * Records parsed before, by the exact string the store holds. Every guarded request reads its session, and
 * parsing a record with the provider's raw patron data costs more than the rest of the request's own work;
 * a record that changes is a new string, and a deleted one is never asked for, so an entry can never be
 * stale. Bounded: the oldest goes first.
 */
const parsedRecords = new BoundedMemo(1_000, parseRecord);

/**
 * The record under `key`, frozen (it may be shared with other requests): copy it to change it. Undefined
 * only when the store says there is none (a definite miss, which ends the session). When the store cannot
 * answer, the record this process read within `SESSION_OUTAGE_GRACE_MS` is served; without one this
 * throws `store_unavailable` (503, `Retry-After`): the patron is asked to wait, not signed out.
 */
export async function readSessionRecord(
  store: TokenStore,
  key: string,
  now: number,
): Promise<SessionRecord | undefined> {
  return liveRecord(await readRemembered(store, key, now, 'a session'), now);
}

/** `readSessionRecord` without a promise, when the store answers at once (see `readAtOnce`). */
export function readSessionRecordAtOnce(
  store: TokenStore,
  key: string,
  now: number,
): AtOnce<SessionRecord | undefined> {
  const value = readRememberedAtOnce(store, key, now);
  return value === NOT_AT_ONCE ? value : liveRecord(value, now);
}

function liveRecord(value: string | undefined, now: number): SessionRecord | undefined {
  const record = value === undefined ? undefined : parsedRecords.get(value);
  return record && record.expiresAt > now ? record : undefined;
}

/**
 * Deletes a session's record. When the store cannot be told, the session is still ended in this process
 * (never served again here) and `store_unavailable` is thrown: the logout is not silently lost, and the
 * caller says so (a 503 that also clears the cookie).
 */
export function deleteSessionRecord(store: TokenStore, key: string, now: number): Promise<void> {
  return deleteRemembered(store, key, now, 'the session');
}

function parseRecord(value: string): SessionRecord | undefined {
  let record: SessionRecord;
  try {
    record = JSON.parse(value) as SessionRecord;
  } catch {
    return undefined;
  }
  if (record?.v !== 1 || typeof record.provider !== 'string' || typeof record.expiresAt !== 'number')
    return undefined;
  if (record.tokens !== undefined && !isSerializedTokenSet(record.tokens)) return undefined;
  deepFreeze(record);
  return record;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export async function writeSessionRecord(
  store: TokenStore,
  key: string,
  record: SessionRecord,
  now: number,
): Promise<void> {
  await store.set(key, JSON.stringify(record), Math.max(1, record.expiresAt - now));
}

export function recordTokens(record: SessionRecord | undefined): TokenSet | undefined {
  return record?.tokens ? TokenSet.deserialize(record.tokens) : undefined;
}
