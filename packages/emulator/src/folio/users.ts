import { isReply, jsonReply, type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { staffUser } from './access-token.js';
import { queryCollection } from './cql-collection.js';
import type { FolioState } from './state.js';
import { userRecord } from './user-record.js';

/** `GET /users?query=<CQL>` (mod-users). */
export function searchUsers(state: FolioState, ctx: RequestContext): Reply {
  return queryCollection(state, ctx, {
    name: 'users',
    permission: 'users.collection.get',
    records: () => state.users.map(userRecord),
  });
}

/** `GET /users/{id}`: one user, 404 text when unknown. */
export function getUser(state: FolioState, ctx: RequestContext): Reply {
  const caller = staffUser(state, ctx, 'users.item.get');
  if (isReply(caller)) return caller;
  const user = state.userById(ctx.params[0] ?? '');
  return user ? jsonReply(200, userRecord(user)) : textReply(404, 'User not found');
}
