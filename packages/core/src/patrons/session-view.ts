import { type PatronSession, patronSession } from './patron-session.js';
import { recordTokens, type SessionRecord } from './session-record.js';

/** What the application sees of a stored session record: no tokens, no barcode. */
export function toSession(id: string, record: SessionRecord): PatronSession {
  return patronSession({
    id,
    provider: record.provider,
    patronId: record.patronId,
    profile: record.profile,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    refreshable: Boolean(recordTokens(record)?.refreshToken),
  });
}

/**
 * The session of a record as the store holds it (frozen, and shared by every request that reads the same
 * string): made once per record instead of on every guarded request.
 */
export function storedSession(id: string, record: SessionRecord): PatronSession {
  const known = sessionsOfStoredRecords.get(record);
  if (known?.id === id) return known;
  const session = toSession(id, record);
  sessionsOfStoredRecords.set(record, session);
  return session;
}

const sessionsOfStoredRecords = new WeakMap<SessionRecord, PatronSession>();
