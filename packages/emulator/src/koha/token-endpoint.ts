import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { kohaErrorReply } from './errors.js';
import type { KohaState } from './state.js';

/**
 * `POST /api/v1/oauth/token` (Koha/REST/V1/OAuth.pm): client credentials only, the API key in the form
 * body. Koha's own answers: 400 "Unimplemented grant type" for anything else, 403 `unauthorized_client`
 * for an unknown or inactive key, 403 `access_denied` for a wrong secret. No refresh token.
 */
export async function tokenEndpoint(state: KohaState, ctx: RequestContext): Promise<Reply> {
  const form = await ctx.form();
  if (form.get('grant_type') !== 'client_credentials') return kohaErrorReply(400, 'Unimplemented grant type');
  const client = state.client(form.get('client_id'));
  if (!client?.active) return kohaErrorReply(403, 'unauthorized_client');
  if (form.get('client_secret') !== client.clientSecret) return kohaErrorReply(403, 'access_denied');
  const lifetime = state.runtime.settings.tokenTtlSeconds;
  const issued = state.tokens.issue({ clientId: client.clientId }, lifetime * 1000);
  return jsonReply(200, { access_token: issued.token, token_type: 'Bearer', expires_in: lifetime });
}
