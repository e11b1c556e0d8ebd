import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { cookieValues, REFRESH_COOKIE } from './cookies.js';
import { folioErrorList } from './errors.js';
import type { FolioState } from './state.js';
import { tokenPairReply } from './token-pair.js';

/**
 * `POST /authn/refresh` (mod-login `LoginAPI.postAuthnRefresh`): the refresh cookie exactly once
 * (`TokenCookieParser`), other cookies ignored; else 400 `token.parse.failure`. A live token is spent
 * and a new pair issued (201). Any refusal by mod-authtoken (spent, revoked, expired, unknown) is 422
 * `token.refresh.unprocessable`; a spent or revoked one has also revoked every refresh token of its user.
 */
export function refreshEndpoint(state: FolioState, ctx: RequestContext): Reply {
  const values = cookieValues(ctx, REFRESH_COOKIE);
  if (values.length !== 1) return folioErrorList(400, 'token.parse.failure', 'Bad request');
  const redemption = state.refreshTokens.redeem(values[0] ?? '');
  if (redemption.kind !== 'ok') {
    state.logins.record(redemption.kind === 'reused' ? 'refresh-reuse' : 'refresh', 'failed');
    return folioErrorList(
      422,
      'token.refresh.unprocessable',
      'Authorization server unable to process token refresh request',
    );
  }
  state.logins.record('refresh', 'ok');
  return tokenPairReply(state, redemption.userId);
}
