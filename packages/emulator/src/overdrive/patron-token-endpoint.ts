import { isReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { authenticateClient } from './client-auth.js';
import { oauthErrorReply } from './errors.js';
import type { OverDriveState } from './state.js';
import { tokenReply } from './token-endpoint.js';

/** OD-2's wording, two spaces included. */
const invalidCard = (card: string) =>
  oauthErrorReply(400, 'unauthorized_client', `Invalid Library Card: ${card}.  Not a valid card.`);

/** `websiteid:{id} authorizationname:{ils}` from a space-delimited scope (sent as `+` or `%20`). */
function parseScope(scope: string): { websiteId?: string; authorizationName?: string } {
  const parsed: { websiteId?: string; authorizationName?: string } = {};
  for (const item of scope.split(/\s+/)) {
    const colon = item.indexOf(':');
    if (colon < 0) continue;
    const name = item.slice(0, colon).toLowerCase();
    if (name === 'websiteid') parsed.websiteId = item.slice(colon + 1);
    if (name === 'authorizationname') parsed.authorizationName = item.slice(colon + 1);
  }
  return parsed;
}

/**
 * `POST /oauth-patron/patrontoken`: the password grant OverDrive requires. Failures are 400 OAuth JSON.
 * `password_required=false` skips the PIN only on a website that needs none, and the password must
 * still be non-empty; a collection that needs a PIN always checks it.
 */
export async function patronTokenEndpoint(state: OverDriveState, ctx: RequestContext): Promise<Reply> {
  const client = authenticateClient(state, ctx);
  if (isReply(client)) return client;
  const form = await ctx.form();
  if (form.get('grant_type') !== 'password') return oauthErrorReply(400, 'unsupported_grant_type');
  const card = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  if (card === '') return oauthErrorReply(400, 'invalid_request', 'The username parameter is required.');
  if (password === '') return oauthErrorReply(400, 'invalid_request', 'The password parameter is required.');

  const scope = parseScope(form.get('scope') ?? '');
  if (scope.websiteId === undefined || scope.authorizationName === undefined) {
    return oauthErrorReply(400, 'invalid_request', 'The scope must contain websiteid and authorizationname.');
  }
  const website = state.website(scope.websiteId);
  if (!website || website.authorizationName !== scope.authorizationName) {
    return oauthErrorReply(400, 'invalid_scope', 'Unknown websiteid or authorizationname.');
  }

  const patron = state.patron(card);
  if (!patron) return invalidCard(card);
  const skipPin = !website.pinRequired && form.get('password_required') === 'false';
  if (!skipPin && patron.pin !== password) return invalidCard(card);
  if (patron.blockedReason) return oauthErrorReply(400, 'unauthorized_client', patron.blockedReason);

  return tokenReply(
    state,
    {
      kind: 'patron',
      clientId: client.clientId,
      patronId: patron.patronId,
      websiteId: website.websiteId,
      authorizationName: website.authorizationName,
    },
    // OD-1: lowercase "bearer" and a patron-specific scope, as seen live.
    'bearer',
    `LIB META AVAIL SRCH PATRON PATRONINT patronid:${patron.patronId} websiteid:${website.websiteId} client:${website.authorizationName}`,
  );
}
