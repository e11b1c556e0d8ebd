import { randomId } from '../internal/hash.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { SignInOptions } from './patron-auth.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import type { PatronSession } from './patron-session.js';
import { readProfile } from './read-profile.js';
import { readSessionRecord, type SessionRecord, sessionKey, writeSessionRecord } from './session-record.js';
import { sessionExpiry } from './session-token-slot.js';
import { toSession } from './session-view.js';
import type { SignInDeadline } from './sign-in-deadline.js';

/**
 * The last step of every sign-in: stores the record under a new session id, then reads the patron's
 * profile into it (unless `fetchProfile: false`). A profile that cannot be read ends the session: a
 * sign-in that fails leaves nothing behind.
 */
export async function startSession(
  context: PatronAuthContext,
  current: ProviderDescriptor,
  record: SessionRecord,
  signIn: SignInOptions,
  deadline: SignInDeadline,
  tokenRaw?: Readonly<Record<string, unknown>>,
): Promise<PatronSession> {
  const { store, keyPrefix, clock } = context.resolved;
  const sessionId = randomId();
  const key = sessionKey(keyPrefix, sessionId);
  if (context.sessionScope !== undefined) record.scope = context.sessionScope;
  await writeSessionRecord(store, key, record, clock());
  if (signIn.fetchProfile !== false && current.patron) {
    try {
      record.profile = await readProfile(context, {
        current,
        patron: current.patron,
        sessionId,
        record,
        clientIp: signIn.clientIp,
        deadline,
        tokenRaw,
      });
      record.patronId ??= record.profile.id;
      const latest = await readSessionRecord(store, key, clock());
      if (latest?.tokens) record.tokens = latest.tokens;
      await writeSessionRecord(store, key, record, clock());
    } catch (error) {
      await store.delete(key);
      throw error;
    }
  }
  return toSession(sessionId, record);
}

/** The record of a sign-in that gave the patron tokens; it lasts as long as they can be renewed. */
export function recordFromTokens(
  context: PatronAuthContext,
  tokens: TokenSet,
  extra: Partial<SessionRecord>,
): SessionRecord {
  const { provider } = context;
  const now = context.resolved.clock();
  return {
    v: 1,
    provider: provider.id,
    ...extra,
    tokens: tokens.serialize(),
    createdAt: now,
    expiresAt: sessionExpiry(tokens, now, provider.refreshTokenLifetimeSeconds),
  };
}
