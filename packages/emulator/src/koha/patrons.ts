import { bearerToken } from '../shared/authorization-header.js';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { authenticationFailure, kohaErrorReply } from './errors.js';
import type { KohaState } from './state.js';

/**
 * `GET /api/v1/patrons/{patron_id}`: 401 without a live token, 403 when the key's staff user lacks the
 * `borrowers` permission, 404 for an unknown patron, else the record.
 */
export function getPatron(state: KohaState, ctx: RequestContext): Reply {
  const token = state.tokens.find(bearerToken(ctx.header('authorization')));
  if (!token) return authenticationFailure();
  if (!state.client(token.value.clientId)?.canReadPatrons) {
    return jsonReply(403, {
      error: 'Authorization failure. Missing required permission(s).',
      required_permissions: { borrowers: 'list_borrowers' },
    });
  }
  const patron = state.patron(ctx.params[0] ?? '');
  return patron ? jsonReply(200, patron) : kohaErrorReply(404, 'Patron not found');
}
