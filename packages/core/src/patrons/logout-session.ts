import { publishEvent } from '../observability/events.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import { revokeSessionTokens } from './revoke-session-tokens.js';
import { isSessionId } from './session-lookup.js';
import { deleteSessionRecord, readSessionRecord, recordTokens, sessionKey } from './session-record.js';

/**
 * Ends a session: its record leaves the store first, whatever the provider does, then its tokens are
 * revoked where the provider can (RFC 7009, best effort: a failure is logged, never thrown).
 */
export async function logoutSession(context: PatronAuthContext, sessionId: string): Promise<void> {
  if (!isSessionId(sessionId)) return;
  const { provider, resolved } = context;
  const { store, clock } = resolved;
  const key = sessionKey(resolved.keyPrefix, sessionId);
  // A record the store cannot give (outage) only means its tokens cannot be revoked at the provider.
  const record = await readSessionRecord(store, key, clock()).catch(() => undefined);
  // Another scope's session is not ours to end, any more than to read.
  if (record && !context.ownsRecord(record)) return;
  const tokens = record?.provider === provider.id ? recordTokens(record) : undefined;
  // The local logout comes first and never depends on the provider.
  await deleteSessionRecord(store, key, clock());
  publishEvent({ type: 'session.revoked', provider: provider.id });
  if (tokens)
    await revokeSessionTokens(context.discovery, tokens, {
      ...resolved.grantContext,
      logger: resolved.logger,
    });
}
