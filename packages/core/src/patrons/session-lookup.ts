import { type AtOnce, NOT_AT_ONCE } from '../internal/at-once.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import type { PatronSession } from './patron-session.js';
import {
  readSessionRecord,
  readSessionRecordAtOnce,
  type SessionRecord,
  sessionKey,
} from './session-record.js';
import { storedSession } from './session-view.js';

/** Session ids are ours (43 base64url characters); anything else is not looked up at all. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

/** The session, or undefined when it is unknown, over, or another provider's or scope's. */
export async function findSession(
  context: PatronAuthContext,
  sessionId: string,
): Promise<PatronSession | undefined> {
  if (!isSessionId(sessionId)) return undefined;
  const { store, keyPrefix, clock } = context.resolved;
  return ownedSession(
    context,
    sessionId,
    await readSessionRecord(store, sessionKey(keyPrefix, sessionId), clock()),
  );
}

/** `findSession` without a promise, when the store answers at once (see `readAtOnce`). */
export function findSessionAtOnce(
  context: PatronAuthContext,
  sessionId: string,
): AtOnce<PatronSession | undefined> {
  if (!isSessionId(sessionId)) return undefined;
  const { store, keyPrefix, clock } = context.resolved;
  const record = readSessionRecordAtOnce(store, sessionKey(keyPrefix, sessionId), clock());
  return record === NOT_AT_ONCE ? record : ownedSession(context, sessionId, record);
}

function ownedSession(
  context: PatronAuthContext,
  sessionId: string,
  record: SessionRecord | undefined,
): PatronSession | undefined {
  return context.ownsRecord(record) ? storedSession(sessionId, record) : undefined;
}

/** The record of a session this auth owns; `session_expired` when there is none. */
export async function loadRecord(context: PatronAuthContext, sessionId: string): Promise<SessionRecord> {
  const { store, keyPrefix, clock } = context.resolved;
  const record = isSessionId(sessionId)
    ? await readSessionRecord(store, sessionKey(keyPrefix, sessionId), clock())
    : undefined;
  if (!context.ownsRecord(record))
    throw context.sessionExpired(
      `no ${context.provider.displayName} session with that id; the patron must sign in`,
    );
  return record;
}
