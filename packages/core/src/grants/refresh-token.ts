import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { GrantContext } from './grant-context.js';
import { requestToken } from './request-token.js';
import { requireGrant } from './require-grant.js';

/**
 * RFC 6749 §6. The answer may carry a new (rotated) refresh token; when it carries none the old one stays
 * valid, so the returned set keeps it. Callers must store the result before using its access token.
 */
export async function refreshTokenGrant(
  provider: ProviderDescriptor,
  current: TokenSet,
  context: GrantContext,
): Promise<TokenSet> {
  requireGrant(provider, 'refresh_token');
  const refreshToken = current.refreshToken;
  if (!refreshToken) {
    throw new IlsAuthError(
      'session_expired',
      `the ${provider.id} token has no refresh token; the patron must sign in again`,
      {
        provider: provider.id,
        reauthRequired: true,
      },
    );
  }
  const next = await requestToken(
    provider,
    {
      url: provider.endpoints.token,
      params: { grant_type: 'refresh_token', refresh_token: refreshToken },
      secrets: [refreshToken],
    },
    context,
  );
  return next.keepingRefreshTokenOf(current);
}
