import { fingerprint } from '../internal/hash.js';
import type { TokenStore } from '../store/token-store.js';
import { isSerializedTokenSet, type SerializedTokenSet, TokenSet } from '../tokens/token-set.js';
import type { PatronProfile } from './patron-profile.js';

/** What the store holds for one patron session. Never a PIN. */
export interface SessionRecord {
  v: 1;
  provider: string;
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
  return `${keyPrefix}:session:${fingerprint(sessionId)}`;
}

export async function readSessionRecord(
  store: TokenStore,
  key: string,
  now: number,
): Promise<SessionRecord | undefined> {
  const value = await store.get(key);
  if (value === undefined) return undefined;
  try {
    const record = JSON.parse(value) as SessionRecord;
    if (record?.v !== 1 || typeof record.provider !== 'string' || typeof record.expiresAt !== 'number')
      return undefined;
    if (record.tokens !== undefined && !isSerializedTokenSet(record.tokens)) return undefined;
    return record.expiresAt > now ? record : undefined;
  } catch {
    return undefined;
  }
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
