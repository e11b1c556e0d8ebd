import { jsonReply, type Reply } from '../shared/http.js';
import { ACCESS_COOKIE, REFRESH_COOKIE, tokenCookie } from './cookies.js';
import type { FolioState } from './state.js';

/**
 * A new access and refresh token for a user, answered as `login-with-expiry` and `refresh` both answer:
 * 201, the two expiries in the body (ISO 8601, UTC) and the tokens only in `Set-Cookie`.
 */
export function tokenPairReply(state: FolioState, userId: string): Reply {
  const accessSeconds = state.runtime.settings.tokenTtlSeconds;
  const refreshSeconds = state.settings.refreshTokenTtlSeconds;
  const access = state.accessTokens.issue({ userId }, accessSeconds * 1000);
  const refresh = state.refreshTokens.issue(userId, refreshSeconds * 1000);
  const sameSite = state.settings.mode === 'eureka' ? 'None' : 'Lax';
  return jsonReply(
    201,
    {
      accessTokenExpiration: new Date(access.expiresAt).toISOString(),
      refreshTokenExpiration: new Date(refresh.expiresAt).toISOString(),
    },
    'application/json',
    {
      'Set-Cookie': [
        tokenCookie(ACCESS_COOKIE, access.token, accessSeconds, access.expiresAt, sameSite),
        tokenCookie(REFRESH_COOKIE, refresh.token, refreshSeconds, refresh.expiresAt, sameSite),
      ],
    },
  );
}
