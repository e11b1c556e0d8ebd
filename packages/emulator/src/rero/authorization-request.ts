import type { Reply } from '../shared/http.js';
import { redirectReply } from '../shared/http.js';
import { isRedirectUriAllowed } from '../shared/loopback.js';
import { type ChallengeMethod, isValidChallenge } from './pkce.js';
import { parseScopes } from './scopes.js';
import type { ReroClient } from './seed.js';
import type { ReroState } from './state.js';

export interface AuthorizationRequest {
  client: ReroClient;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  challenge?: { value: string; method: ChallengeMethod };
}

/** An error the client must not be told about (it may not be who it claims): our own error page. */
const errorPage = (description: string) =>
  redirectReply(
    `/oauth/errors?${new URLSearchParams({ error: 'invalid_request', error_description: description })}`,
  );

/** RFC 6749 §4.1.2.1: once client and redirect URI are trusted, errors go back to the client. */
export function redirectToClient(redirectUri: string, params: Record<string, string | undefined>): Reply {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) target.searchParams.set(name, value);
  return redirectReply(target.href);
}

/** Checks the parameters of `/oauth/authorize` (query on GET, form on POST) in oauthlib's order. */
export function readAuthorizationRequest(
  state: ReroState,
  params: URLSearchParams,
): AuthorizationRequest | Reply {
  const client = state.clients.get(params.get('client_id') ?? '');
  if (!client) return errorPage('Invalid client_id parameter value.');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return errorPage('Missing redirect URI.');
  if (!isRedirectUriAllowed(client.redirectUris, redirectUri)) return errorPage('Mismatching redirect URI.');

  const clientState = params.get('state') ?? undefined;
  const fail = (error: string, description: string) =>
    redirectToClient(redirectUri, { error, error_description: description, state: clientState });
  if (params.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'Only "code" is supported.');
  const scopes = parseScopes(params.get('scope'));
  if (!scopes) return fail('invalid_scope', 'Unknown scope.');

  const request: AuthorizationRequest = { client, redirectUri, scopes, state: clientState };
  const challenge = params.get('code_challenge');
  if (challenge) {
    const method = params.get('code_challenge_method') || 'plain';
    if ((method !== 'S256' && method !== 'plain') || !isValidChallenge(challenge)) {
      return fail('invalid_request', 'Invalid code_challenge or code_challenge_method.');
    }
    request.challenge = { value: challenge, method };
  }
  return request;
}

/** The request as hidden fields of the consent form. */
export function requestFields(
  request: AuthorizationRequest,
  csrfToken: string,
): Record<string, string | undefined> {
  return {
    client_id: request.client.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scopes.join(' '),
    state: request.state,
    code_challenge: request.challenge?.value,
    code_challenge_method: request.challenge?.method,
    csrf_token: csrfToken,
  };
}
