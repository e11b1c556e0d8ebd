import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { publishEvent } from '../observability/events.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import type { PatronProfile } from './patron-profile.js';
import type { PatronSession } from './patron-session.js';
import { patronTokenKeeper } from './patron-token-keeper.js';
import { readProfile } from './read-profile.js';
import { loadRecord } from './session-lookup.js';
import { readSessionRecord, recordTokens, sessionKey, writeSessionRecord } from './session-record.js';
import { toSession } from './session-view.js';

/** The patron's current tokens, renewed if needed; a barcode + PIN session has none. */
export async function sessionTokenSet(context: PatronAuthContext, sessionId: string): Promise<TokenSet> {
  const record = await loadRecord(context, sessionId);
  const { provider } = context;
  if (!record.tokens)
    throw new IlsAuthError(
      'invalid_request',
      `this ${provider.displayName} session signed in by PIN and has no patron token; use the app client`,
      { provider: provider.id },
    );
  return patronTokenKeeper(context, sessionId).get();
}

/** Renews the patron's tokens now (rotation-safe); a session without tokens is only read again. */
export async function refreshSession(context: PatronAuthContext, sessionId: string): Promise<PatronSession> {
  const record = await loadRecord(context, sessionId);
  if (record.tokens) await patronTokenKeeper(context, sessionId).refresh(recordTokens(record));
  publishEvent({ type: 'session.refreshed', provider: context.provider.id });
  return toSession(sessionId, await loadRecord(context, sessionId));
}

/** The profile kept in the session, or read again from the provider (and kept) with `refresh: true`. */
export async function sessionProfile(
  context: PatronAuthContext,
  sessionId: string,
  options: { refresh?: boolean; clientIp?: string },
): Promise<PatronProfile> {
  const record = await loadRecord(context, sessionId);
  if (record.profile && !options.refresh) return record.profile;
  const { provider, resolved } = context;
  const current = await context.discovery.get();
  if (!current.patron) throw configError(provider.id, 'patron', 'has no way to read patron profiles');
  const profile = await readProfile(context, {
    current,
    patron: current.patron,
    sessionId,
    record,
    clientIp: options.clientIp,
    tokenRaw: recordTokens(record)?.raw,
  });
  const key = sessionKey(resolved.keyPrefix, sessionId);
  const latest = await readSessionRecord(resolved.store, key, resolved.clock());
  if (latest) await writeSessionRecord(resolved.store, key, { ...latest, profile }, resolved.clock());
  return profile;
}
