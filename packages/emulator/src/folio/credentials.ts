import { type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { eurekaUnauthorized, wrongCredentials } from './errors.js';
import type { FolioUser } from './seed.js';
import type { FolioState } from './state.js';

/**
 * The credential check both login endpoints share (mod-login `LoginAPI`): a JSON body with `username`
 * (or `userId`) and `password`; `tenant` may be repeated in it. An unknown user, an inactive one and a
 * wrong password get one and the same answer: 422 under Okapi, 401 under Eureka.
 */
export async function checkCredentials(state: FolioState, ctx: RequestContext): Promise<FolioUser | Reply> {
  const body = await ctx.jsonObject();
  if (!body) return textReply(400, 'Json content error');
  const username = typeof body.username === 'string' && body.username !== '' ? body.username : undefined;
  const userId = typeof body.userId === 'string' && body.userId !== '' ? body.userId : undefined;
  if (username === undefined && userId === undefined) {
    return textReply(400, 'You must provide a username or userId');
  }
  if (typeof body.password !== 'string' || body.password === '') {
    return textReply(400, 'You must provide a password');
  }
  const user = username !== undefined ? state.userByName(username) : state.userById(userId ?? '');
  if (!user?.active || user.password !== body.password) {
    state.logins.record(user?.kind ?? 'unknown', 'failed');
    return state.settings.mode === 'eureka' ? eurekaUnauthorized() : wrongCredentials();
  }
  state.logins.record(user.kind, 'ok');
  return user;
}
