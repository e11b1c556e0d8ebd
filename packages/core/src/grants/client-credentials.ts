import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { GrantContext } from './grant-context.js';
import { requestToken } from './request-token.js';
import { requireGrant } from './require-grant.js';

/** RFC 6749 §4.4: an application token, for API calls made on the application's own behalf. */
export function clientCredentialsGrant(
  provider: ProviderDescriptor,
  context: GrantContext,
): Promise<TokenSet> {
  requireGrant(provider, 'client_credentials');
  const params: Record<string, string> = { grant_type: 'client_credentials' };
  if (provider.appScope) params.scope = provider.appScope;
  return requestToken(provider, { url: provider.endpoints.token, params, secrets: [] }, context);
}
