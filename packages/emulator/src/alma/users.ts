import { emptyReply, jsonReply, type Reply } from '../shared/http.js';
import { decodePathSegment } from '../shared/path-segment.js';
import type { RequestContext } from '../shared/request-context.js';
import { checkApiKey } from './api-key.js';
import { almaError } from './errors.js';
import type { AlmaState } from './state.js';
import { userRecord } from './user-record.js';

const idType = (ctx: RequestContext) => ctx.url.searchParams.get('user_id_type') ?? 'all_unique';
const notFound = (ctx: RequestContext, id: string) =>
  almaError(400, '401861', `User with identifier ${id} of type ${idType(ctx)} was not found.`, ctx);

/**
 * `POST /almaws/v1/users/{id}?op=auth`: checks the user's internal password (Ex Libris Identity Service)
 * from the `Exl-User-Pw` header: 204 on a match, 400 `401866` for a wrong password, 400 `401861` for an
 * unknown user. A `password` in the query string works too, as on Alma, but is counted: it puts the
 * password in URLs and logs, and clients must not send it.
 */
export function authenticateUser(state: AlmaState, ctx: RequestContext): Reply {
  const refused = checkApiKey(state, ctx, 'users');
  if (refused) return refused;
  const op = ctx.url.searchParams.get('op');
  if (op !== 'auth') return almaError(400, '402204', `Operation ${op ?? '(none)'} is not supported.`, ctx);
  const fromQuery = ctx.url.searchParams.get('password');
  if (fromQuery !== null) state.passwordsInUrl += 1;
  const password = ctx.header('exl-user-pw') ?? fromQuery;
  const id = decodePathSegment(ctx.params[0]) ?? '';
  const user = state.user(id, idType(ctx));
  if (!user) {
    state.logins.record('patron', 'failed');
    return notFound(ctx, id);
  }
  if (password !== user.password) {
    state.logins.record('patron', 'failed');
    return almaError(400, '401866', 'User authentication failed', ctx);
  }
  state.logins.record('patron', 'ok');
  return emptyReply(204);
}

/** `GET /almaws/v1/users/{id}` (JSON): the user record; `expand=fees` adds the fees total. */
export function getUser(state: AlmaState, ctx: RequestContext): Reply {
  const refused = checkApiKey(state, ctx, 'users');
  if (refused) return refused;
  const id = decodePathSegment(ctx.params[0]) ?? '';
  const user = state.user(id, idType(ctx));
  if (!user) return notFound(ctx, id);
  const expand = (ctx.url.searchParams.get('expand') ?? '').split(',');
  return jsonReply(200, userRecord(user, expand.includes('fees')));
}
