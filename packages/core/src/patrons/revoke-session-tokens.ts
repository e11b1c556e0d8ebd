import type { GrantContext } from '../grants/grant-context.js';
import { type RevocableToken, revokeToken } from '../grants/revocation.js';
import type { Logger } from '../internal/logger.js';
import type { ProviderResolver } from '../providers/discovery.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';

/** A logout waits this long at most for the provider, whatever the token timeout is. */
const REVOCATION_TIMEOUT_MS = 5_000;

/**
 * RFC 7009 at logout: the refresh token first (revoking it ends the grant, and with it, at most servers,
 * its access tokens), then the access token. Best effort and bounded: the session is already gone locally,
 * so a provider that is down or slow costs a log line, never a failed logout.
 */
export async function revokeSessionTokens(
  discovery: ProviderResolver,
  tokens: TokenSet,
  context: GrantContext & { logger: Logger },
): Promise<void> {
  const revocable: RevocableToken[] = [];
  if (tokens.refreshToken) revocable.push({ token: tokens.refreshToken, hint: 'refresh_token' });
  revocable.push({ token: tokens.accessToken, hint: 'access_token' });
  const bounded = { ...context, timeoutMs: Math.min(context.timeoutMs, REVOCATION_TIMEOUT_MS) };
  const warn = (providerId: string | undefined, error: unknown, hint?: string) => {
    const code = (error as { code?: unknown } | undefined)?.code;
    context.logger.warn('ils-auth: revoking the tokens of a signed-out patron failed', {
      provider: providerId,
      ...(hint ? { tokenTypeHint: hint } : {}),
      code: typeof code === 'string' ? code : 'unknown',
    });
  };
  let provider: ProviderDescriptor;
  try {
    provider = discovery.current() ?? (await discovery.get());
  } catch (error) {
    warn(undefined, error);
    return;
  }
  if (!provider.endpoints.revocation) return;
  for (const token of revocable) {
    try {
      await revokeToken(provider, token, bounded);
    } catch (error) {
      warn(provider.id, error, token.hint);
    }
  }
}
