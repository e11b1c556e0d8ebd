import { emptyReply, isReply, type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { accessUser } from './access-token.js';
import { clearedCookies, cookieValues, REFRESH_COOKIE } from './cookies.js';
import { folioErrorList } from './errors.js';
import type { FolioState } from './state.js';

/**
 * `POST /authn/logout` (mod-login `handleLogout`): with a `Cookie` header, revokes its refresh token
 * (a header without exactly one is a 500); without one, and at `/authn/logout-all`, revokes every refresh
 * token of the access token's user. Answers 204 clearing both cookies; access tokens live on until expiry.
 */
export function logoutEndpoint(state: FolioState, ctx: RequestContext, everywhere = false): Reply {
  if (!everywhere && ctx.header('cookie') !== undefined) {
    const values = cookieValues(ctx, REFRESH_COOKIE);
    if (values.length !== 1) return textReply(500, 'Internal Server error');
    state.refreshTokens.revoke(values[0] ?? '');
  } else {
    const user = accessUser(state, ctx);
    if (isReply(user)) {
      return folioErrorList(
        422,
        'token.logout.unprocessable',
        'Authorization server unable to process token logout request',
      );
    }
    state.refreshTokens.revokeAllOf(user.id);
  }
  return emptyReply(204, { 'Set-Cookie': clearedCookies() });
}
