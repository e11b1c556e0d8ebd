import { htmlReply, type Reply, redirectReply } from '../shared/http.js';
import { isRedirectUriAllowed } from '../shared/loopback.js';
import type { RequestContext } from '../shared/request-context.js';
import { authorizeErrorPage, type LoginRequest, loginPage } from './login-page.js';
import { checkCredentials } from './patron-credentials.js';
import { SIERRA_CODE_LIFETIME_MS, type SierraState } from './state.js';

/**
 * `GET /authorize` shows the login form; `POST /authorize` checks barcode (field `code`, or `name`)
 * and PIN. An unknown client or an unregistered redirect URI gets an error page, never a redirect.
 */
export async function authorizeEndpoint(state: SierraState, ctx: RequestContext): Promise<Reply> {
  const params = ctx.method === 'POST' ? await ctx.form() : ctx.url.searchParams;
  const request: LoginRequest = {
    clientId: params.get('client_id') ?? '',
    redirectUri: params.get('redirect_uri') ?? '',
    state: params.get('state') ?? undefined,
    responseType: params.get('response_type') ?? '',
  };
  const client = state.clients.get(request.clientId);
  if (!client) return htmlReply(400, authorizeErrorPage('Invalid client_id.'));
  if (!isRedirectUriAllowed(client.redirectUris, request.redirectUri)) {
    return htmlReply(400, authorizeErrorPage('Invalid redirect_uri for this client.'));
  }
  if (request.responseType !== 'code')
    return htmlReply(400, authorizeErrorPage('response_type must be "code".'));
  if (ctx.method !== 'POST') return htmlReply(200, loginPage(ctx.path, request));

  const barcode = params.get('code') || params.get('name') || '';
  const patron = checkCredentials(state.patrons, barcode, params.get('pin'));
  if (!patron) return htmlReply(200, loginPage(ctx.path, request, { barcode }));

  const code = state.codes.issue(
    { clientId: client.clientId, redirectUri: request.redirectUri, patronId: patron.id },
    SIERRA_CODE_LIFETIME_MS,
  ).token;
  // Sierra appends "?code=" even when redirect_uri already has a query: clients must cope (docs/providers.md).
  const stateParam = request.state === undefined ? '' : `&state=${encodeURIComponent(request.state)}`;
  return redirectReply(`${request.redirectUri}?code=${encodeURIComponent(code)}${stateParam}`);
}
