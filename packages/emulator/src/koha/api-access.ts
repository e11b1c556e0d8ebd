import { bearerToken } from '../shared/authorization-header.js';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { authenticationFailure } from './errors.js';
import type { KohaClient } from './seed.js';
import type { KohaState } from './state.js';

/**
 * Koha's API authorization (Koha/REST/V1/Auth.pm): 401 "Authentication failure." without a live token,
 * 403 listing `required_permissions` when the key's staff user lacks the route's permission. Answers the
 * refusal, or undefined when the call may go on.
 */
export function refuseUnlessPermitted(
  state: KohaState,
  ctx: RequestContext,
  permitted: (client: KohaClient) => boolean,
  requiredPermissions: Record<string, string>,
): Reply | undefined {
  const token = state.tokens.find(bearerToken(ctx.header('authorization')));
  if (!token) return authenticationFailure();
  const client = state.client(token.value.clientId);
  if (client && permitted(client)) return undefined;
  return jsonReply(403, {
    error: 'Authorization failure. Missing required permission(s).',
    required_permissions: requiredPermissions,
  });
}
