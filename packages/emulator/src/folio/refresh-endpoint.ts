import { emptyReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { clearedCookies, cookieValues, REFRESH_COOKIE } from './cookies.js';
import { folioErrorList } from './errors.js';
import type { FolioState } from './state.js';
import { tokenPairReply } from './token-pair.js';

const parseFailure = () =>
  folioErrorList(400, 'token.parse.failure', 'Exactly one folioRefreshToken cookie is required');
const unprocessable = () => folioErrorList(422, 'token.refresh.unprocessable', 'Invalid token');

/**
 * `POST /authn/refresh` (mod-login `LoginAPI`, mod-authtoken `RefreshTokenStore`): the refresh cookie,
 * exactly once, other cookies ignored. A live token is spent and a new pair issued (201). A spent or
 * expired one revokes every refresh token of its user and, like an unknown one, is refused with 422.
 */
export function refreshEndpoint(state: FolioState, ctx: RequestContext): Reply {
  const values = cookieValues(ctx, REFRESH_COOKIE);
  if (values.length !== 1 || values[0] === '') return parseFailure();
  const redemption = state.refreshTokens.redeem(values[0] ?? '');
  if (redemption.kind !== 'ok') {
    state.logins.record(redemption.kind === 'reused' ? 'refresh-reuse' : 'refresh', 'failed');
    return unprocessable();
  }
  state.logins.record('refresh', 'ok');
  return tokenPairReply(state, redemption.userId);
}

/** `POST /authn/logout`: spends the refresh cookie and clears both cookies; the access token lives on. */
export function logoutEndpoint(state: FolioState, ctx: RequestContext): Reply {
  const values = cookieValues(ctx, REFRESH_COOKIE);
  if (values.length !== 1 || values[0] === '') return parseFailure();
  state.refreshTokens.revoke(values[0] ?? '');
  const sameSite = state.settings.mode === 'eureka' ? 'None' : 'Lax';
  return emptyReply(204, { 'Set-Cookie': clearedCookies(sameSite) });
}
