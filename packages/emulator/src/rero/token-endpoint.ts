import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { invenioErrorReply, oauthErrorReply, TOKEN_HEADERS } from './errors.js';
import { verifierMatches } from './pkce.js';
import type { ReroGrant, ReroState } from './state.js';

const invalidGrant = () => oauthErrorReply(400, 'invalid_grant');

/**
 * `POST /oauth/token`. The client authenticates in the form body: without `client_id` there Invenio
 * finds no client and answers 404, even with a Basic header. Codes and refresh tokens are single use;
 * every success replaces the (client, patron) pair.
 */
export async function tokenEndpoint(state: ReroState, ctx: RequestContext): Promise<Reply> {
  const form = await ctx.form();
  const clientId = form.get('client_id');
  if (!clientId) return invenioErrorReply(404);
  const client = state.clients.get(clientId);
  if (!client || client.clientSecret !== form.get('client_secret'))
    return oauthErrorReply(401, 'invalid_client');

  switch (form.get('grant_type')) {
    case 'authorization_code':
      return exchangeCode(state, clientId, form);
    case 'refresh_token':
      return refresh(state, clientId, form);
    default:
      return oauthErrorReply(400, 'unsupported_grant_type');
  }
}

function exchangeCode(state: ReroState, clientId: string, form: URLSearchParams): Reply {
  const code = form.get('code');
  if (!code) return oauthErrorReply(400, 'invalid_request', 'Missing code parameter.');
  const issued = state.codes.find(code);
  if (!issued || issued.value.clientId !== clientId) return invalidGrant();
  if (form.get('redirect_uri') !== issued.value.redirectUri) {
    return oauthErrorReply(400, 'invalid_request', 'Mismatching redirect URI.');
  }
  const verifier = form.get('code_verifier');
  const { challenge } = issued.value;
  if (challenge) {
    if (!verifier) return oauthErrorReply(400, 'invalid_request', 'Code verifier required.');
    if (!verifierMatches(challenge.value, challenge.method, verifier)) return invalidGrant();
  } else if (verifier) {
    // RFC 9700 §2.1.1: a verifier without a challenge means the request was tampered with.
    return invalidGrant();
  }
  state.codes.revoke(code);
  return pairReply(state, { clientId, userId: issued.value.userId, scopes: issued.value.scopes });
}

function refresh(state: ReroState, clientId: string, form: URLSearchParams): Reply {
  const token = form.get('refresh_token');
  if (!token) return oauthErrorReply(400, 'invalid_request', 'Missing refresh token parameter.');
  const issued = state.refreshTokens.find(token);
  if (!issued || issued.value.clientId !== clientId) return invalidGrant();
  // A narrower scope may be asked for; never a wider one (RFC 6749 §6).
  const requested = form.get('scope');
  const scopes = requested === null ? issued.value.scopes : requested.split(/\s+/).filter(Boolean);
  if (!scopes.every((scope) => issued.value.scopes.includes(scope)))
    return oauthErrorReply(400, 'invalid_scope');
  return pairReply(state, { ...issued.value, scopes });
}

function pairReply(state: ReroState, grant: ReroGrant): Reply {
  const { access, refresh: refreshToken } = state.issuePair(grant);
  return jsonReply(
    200,
    {
      access_token: access.token,
      expires_in: state.runtime.settings.tokenTtlSeconds,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
      refresh_token: refreshToken.token,
      // Invenio adds the user to the token response, its id as a string.
      user: { id: String(grant.userId) },
    },
    'application/json',
    TOKEN_HEADERS,
  );
}
