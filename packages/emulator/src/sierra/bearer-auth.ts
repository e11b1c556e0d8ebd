import { bearerToken } from '../shared/authorization-header.js';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import type { Handler } from '../shared/router.js';
import type { Issued } from '../shared/token-book.js';
import { SIERRA_ERRORS, sierraErrorReply } from './error-codes.js';
import type { SierraState, SierraToken } from './state.js';

// Paths of the jcontainerId cookies a live server set on its 401 (SI-1), in the order seen.
const JCONTAINER_COOKIE_PATHS = [
  '/iii/sierra-api',
  '/iii/airwkst',
  '/iii/rss',
  '/iii/webrpt',
  '/iii/wwapp/acq',
  '/iii/upgrademgr',
  '/iii/patronio',
  '/sierra/admin',
  '/sierra/ws/summit',
  '/sierra/admin.news',
];

/** SI-1: status, challenge (realm unquoted), content type, cookies and body as recorded live. */
export function bearerUnauthorizedReply(): Reply {
  return jsonReply(401, SIERRA_ERRORS.unauthorized, 'application/json', {
    'WWW-Authenticate': 'Bearer realm=sierra-api',
    Vary: 'Accept-Encoding,User-Agent',
    'Content-Security-Policy': "frame-ancestors 'self';",
    'Set-Cookie': JCONTAINER_COOKIE_PATHS.map((path) => `jcontainerId=.jcontainer-api2; path=${path}`),
  });
}

export type TokenHandler = (ctx: RequestContext, token: Issued<SierraToken>) => Reply | Promise<Reply>;

/**
 * Wraps a resource handler: any missing, unknown, expired or revoked token gets SI-1. With `appOnly`,
 * an authorization-code token (bound to one patron) is refused with 403: such a key may read and
 * update only the patron who logged in.
 */
export function withToken(state: SierraState, handler: TokenHandler, appOnly = false): Handler {
  return (ctx) => {
    const token = state.tokens.find(bearerToken(ctx.header('authorization')));
    if (!token) return bearerUnauthorizedReply();
    if (appOnly && token.value.patronId !== undefined) return sierraErrorReply(SIERRA_ERRORS.forbidden);
    return handler(ctx, token);
  };
}
