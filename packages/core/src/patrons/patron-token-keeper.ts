import { backoffFor } from '../client/provider-backoff.js';
import { tokenEndpointKey } from '../client/token-endpoint-key.js';
import { TokenKeeper } from '../client/token-keeper.js';
import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { refreshTokenGrant } from '../grants/refresh-token.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import { readSessionRecord, recordTokens, sessionKey } from './session-record.js';
import { sessionTokenSlot } from './session-token-slot.js';

/**
 * The patron tokens of one session, kept valid like app tokens are (refresh ahead of expiry, one refresh
 * at a time), but never cached in the process: the store's record is the only copy.
 */
export function patronTokenKeeper(context: PatronAuthContext, sessionId: string): TokenKeeper {
  const { provider, resolved } = context;
  const { store, clock } = resolved;
  const key = sessionKey(resolved.keyPrefix, sessionId);
  const slot = sessionTokenSlot({
    store,
    key,
    provider: provider.id,
    clock,
    refreshTokenLifetimeSeconds: provider.refreshTokenLifetimeSeconds,
  });
  return new TokenKeeper(slot, (latest) => renew(context, key, latest), {
    store,
    policy: resolved.policy,
    clock,
    logger: resolved.logger,
    lockTtlMs: resolved.grantContext.timeoutMs + 5_000,
    cacheLocally: false,
  });
}

/** Gets the patron a new token, or ends the session when the provider cannot (no refresh token). */
async function renew(
  context: PatronAuthContext,
  key: string,
  latest: TokenSet | undefined,
): Promise<TokenSet> {
  const { provider, resolved } = context;
  const { store, clock } = resolved;
  if (!latest?.refreshToken || !provider.grants.includes('refresh_token')) {
    await store.delete(key);
    throw context.sessionExpired(
      `the patron's ${provider.displayName} token expired and cannot be renewed; the patron must sign in again`,
    );
  }
  const current = await context.discovery.get();
  try {
    return await refreshGrant(context, current, latest);
  } catch (error) {
    if (!isIlsAuthError(error) || error.code !== 'invalid_grant') throw error;
    // Another process may have rotated the refresh token since we read it: use theirs once.
    const reread = recordTokens(await readSessionRecord(store, key, clock()));
    if (reread?.refreshToken && reread.refreshToken !== latest.refreshToken) {
      if (reread.expiresAt - resolved.policy.expirySkewMs > clock()) return reread;
      try {
        return await refreshGrant(context, current, reread);
      } catch (second) {
        if (!isIlsAuthError(second) || second.code !== 'invalid_grant') throw second;
      }
    }
    await store.delete(key);
    throw error.with({
      reauthRequired: true,
      message: `${provider.displayName} refused the patron's refresh token; the patron must sign in again`,
    });
  }
}

/**
 * A refresh-token request behind the backoff that every patron refresh of this token endpoint shares,
 * as app tokens have: during an outage sessions fail fast with `provider_unavailable` instead of each
 * sending its own request. Made on first use, so providers without refresh tokens report no backoff.
 */
function refreshGrant(
  context: PatronAuthContext,
  current: ProviderDescriptor,
  tokens: TokenSet,
): Promise<TokenSet> {
  const { provider, resolved } = context;
  return backoffFor(`${resolved.keyPrefix}:patron-refresh:${tokenEndpointKey(provider)}`, {
    provider: provider.id,
    ...resolved,
  }).run(() => refreshTokenGrant(current, tokens, resolved.grantContext));
}
