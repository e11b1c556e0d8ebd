import { isReply, jsonReply, type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { checkCredentials } from './credentials.js';
import { type FolioState, LEGACY_TOKEN_LIFETIME_MS } from './state.js';
import { tokenPairReply } from './token-pair.js';

/** `POST /authn/login-with-expiry`: the refresh-token-rotation login, tokens in cookies. */
export async function loginWithExpiry(state: FolioState, ctx: RequestContext): Promise<Reply> {
  const user = await checkCredentials(state, ctx);
  if (isReply(user)) return user;
  return tokenPairReply(state, user.id);
}

/**
 * `POST /authn/login`, deprecated: one token that never expires, in the `x-okapi-token` header and as
 * `okapiToken` in the body. 404 "Not found" where the tenant has legacy tokens disabled. Eureka sends the
 * header only when configured to (`X_OKAPI_TOKEN_HEADER_ENABLED`, off by default), so not here.
 */
export async function legacyLogin(state: FolioState, ctx: RequestContext): Promise<Reply> {
  if (!state.settings.legacyLogin) return textReply(404, 'Not found');
  const user = await checkCredentials(state, ctx);
  if (isReply(user)) return user;
  const issued = state.accessTokens.issue({ userId: user.id }, LEGACY_TOKEN_LIFETIME_MS);
  const headers: Record<string, string> =
    state.settings.mode === 'okapi' ? { 'x-okapi-token': issued.token } : {};
  return jsonReply(201, { okapiToken: issued.token }, 'application/json', headers);
}
