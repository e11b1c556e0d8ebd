import { htmlReply, isReply, type Reply, redirectReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { readAuthorizationRequest, redirectToClient, requestFields } from './authorization-request.js';
import { consentPage, oauthErrorPage } from './pages.js';
import { currentSession } from './session.js';
import { CODE_LIFETIME_MS, type ReroState } from './state.js';

/**
 * `GET /oauth/authorize`: error page for an untrusted client, sign-in for a stranger, consent for a
 * signed-in patron. `POST` is the consent form: `confirm=yes` sends a code, anything else access_denied.
 */
export async function authorizeEndpoint(state: ReroState, ctx: RequestContext): Promise<Reply> {
  const params = ctx.method === 'POST' ? await ctx.form() : ctx.url.searchParams;
  const request = readAuthorizationRequest(state, params);
  if (isReply(request)) return request;

  const session = currentSession(state, ctx);
  const patron = session && state.patrons.find((candidate) => candidate.userId === session.value.userId);
  if (ctx.method !== 'POST') {
    if (!session || !patron)
      return redirectReply(`/signin?${new URLSearchParams({ next: `${ctx.path}${ctx.url.search}` })}`);
    const name = request.client.name ?? request.client.clientId;
    return htmlReply(
      200,
      consentPage(name, patron, request.scopes, requestFields(request, session.value.csrfToken)),
    );
  }

  if (!session || !patron || params.get('csrf_token') !== session.value.csrfToken) {
    return htmlReply(
      400,
      oauthErrorPage('invalid_request', 'The consent form expired or came from elsewhere; start again.'),
    );
  }
  if (params.get('confirm') !== 'yes') {
    return redirectToClient(request.redirectUri, { error: 'access_denied', state: request.state });
  }
  const code = state.codes.issue(
    {
      clientId: request.client.clientId,
      userId: patron.userId,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      ...(request.challenge ? { challenge: request.challenge } : {}),
    },
    CODE_LIFETIME_MS,
  );
  return redirectToClient(request.redirectUri, { code: code.token, state: request.state });
}

/** `GET /oauth/errors`: shows the error named in the query. */
export function oauthErrorsEndpoint(ctx: RequestContext): Reply {
  const error = ctx.url.searchParams.get('error') ?? 'invalid_request';
  return htmlReply(200, oauthErrorPage(error, ctx.url.searchParams.get('error_description') ?? ''));
}
