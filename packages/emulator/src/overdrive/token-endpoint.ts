import { isReply, jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { authenticateClient } from './client-auth.js';
import { OVERDRIVE_JSON, oauthErrorReply } from './errors.js';
import type { OverDriveState, OverDriveToken } from './state.js';

/** Headers of a token response, as OverDrive's client-auth page shows them (OD-6). */
export const TOKEN_RESPONSE_HEADERS = {
  Pragma: 'no-cache',
  'Cache-Control': 'no-store, must-revalidate, no-cache, max-age=0',
};

export function tokenReply(
  state: OverDriveState,
  token: OverDriveToken,
  tokenType: string,
  scope: string,
): Reply {
  const lifetime = state.runtime.settings.tokenTtlSeconds;
  const issued = state.tokens.issue(token, lifetime * 1000);
  return jsonReply(
    200,
    { access_token: issued.token, token_type: tokenType, expires_in: lifetime, scope },
    OVERDRIVE_JSON,
    TOKEN_RESPONSE_HEADERS,
  );
}

/** `POST /oauth/token` (oauth.overdrive.com): an app token for the Discovery APIs. */
export async function tokenEndpoint(state: OverDriveState, ctx: RequestContext): Promise<Reply> {
  const client = authenticateClient(state, ctx);
  if (isReply(client)) return client;
  const form = await ctx.form();
  if (form.get('grant_type') !== 'client_credentials') return oauthErrorReply(400, 'unsupported_grant_type');
  // OD-6: capitalised "Bearer" here, unlike the patron token.
  return tokenReply(state, { kind: 'app', clientId: client.clientId }, 'Bearer', 'LIB META SRCH AVAIL');
}
