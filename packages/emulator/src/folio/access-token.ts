import { bearerToken } from '../shared/authorization-header.js';
import { isReply, jsonReply, type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { ACCESS_COOKIE } from './cookies.js';
import { invalidToken } from './errors.js';
import type { FolioUser } from './seed.js';
import type { FolioState } from './state.js';

/**
 * The user behind a request's access token, or the refusal. Okapi's mod-authtoken reads `X-Okapi-Token`
 * only. Eureka's Kong plugin also takes the `folioAccessToken` cookie or a Bearer header, and answers
 * 404 when they disagree or `Authorization` is not Bearer. An expired, revoked or unknown token is 401
 * "Invalid token".
 */
export function accessUser(state: FolioState, ctx: RequestContext, permission = ''): FolioUser | Reply {
  const token = presentedToken(state, ctx);
  if (typeof token === 'object') return token;
  // Without a token mod-authtoken checks a dummy one, which lacks every permission (FilterApi.java).
  if (token === undefined) return textReply(400, `Token missing, access requires permission: ${permission}`);
  const access = state.accessTokens.find(token);
  const user = access ? state.userById(access.value.userId) : undefined;
  return user ?? invalidToken();
}

/** The staff user behind the token; a patron's token lacks the permission (403, FilterApi.java's wording). */
export function staffUser(state: FolioState, ctx: RequestContext, permission: string): FolioUser | Reply {
  const user = accessUser(state, ctx, permission);
  if (isReply(user) || user.kind === 'staff') return user;
  return textReply(403, `Access for user '${user.username}' (${user.id}) requires permission: ${permission}`);
}

function presentedToken(state: FolioState, ctx: RequestContext): string | undefined | Reply {
  const header = ctx.header('x-okapi-token');
  if (state.settings.mode === 'okapi') return header;
  const authorization = ctx.header('authorization');
  const bearer = bearerToken(authorization);
  if (authorization !== undefined && bearer === undefined) return kongNotFound();
  const candidates = [header, ctx.cookie(ACCESS_COOKIE), bearer].filter(
    (value): value is string => value !== undefined,
  );
  if (new Set(candidates).size > 1) return kongNotFound();
  return candidates[0];
}

const kongNotFound = () =>
  jsonReply(404, { message: 'Not found', errors: [{ code: 'route_not_found', message: 'Not found' }] });
