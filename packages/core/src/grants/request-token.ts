import { DEFAULT_MAX_BODY_BYTES } from '../http/read-limited-body.js';
import { sendAndRead } from '../http/send-request.js';
import { clientCredentialPairs, type SecretValue } from '../internal/redact.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { parseTokenResponse } from '../tokens/parse-token-response.js';
import type { TokenSet } from '../tokens/token-set.js';
import { applyClientAuthentication } from './client-authentication.js';
import type { GrantContext } from './grant-context.js';
import { requireDiscovered } from './require-grant.js';

export interface TokenRequest {
  /** Token endpoint; the provider's `endpoints.token` unless the grant has its own (OverDrive's patrontoken). */
  url: string;
  params: Record<string, string>;
  /** Values of this request that must never reach an error: PIN, card number, code, refresh token. */
  secrets: readonly SecretValue[];
}

/**
 * POSTs one token request (RFC 6749 §4, §6) and strictly parses the answer into a `TokenSet`.
 * All grants go through here, so timeouts, size limits, redirects and error mapping are the same for all.
 */
export async function requestToken(
  provider: ProviderDescriptor,
  request: TokenRequest,
  context: GrantContext,
): Promise<TokenSet> {
  requireDiscovered(provider);
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    accept: 'application/json',
    'user-agent': context.userAgent,
  });
  const body = new URLSearchParams({ ...provider.tokenParams, ...request.params });
  applyClientAuthentication(provider, headers, body);

  const answer = await sendAndRead(
    request.url,
    { method: 'POST', headers, body: body.toString() },
    {
      fetch: context.fetch,
      timeoutMs: context.timeoutMs,
      maxBodyBytes: context.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      provider: provider.id,
      purpose: 'token request',
      signal: context.signal,
    },
  );
  return parseTokenResponse(answer, {
    provider: provider.id,
    now: context.now(),
    defaultLifetimeSeconds: provider.defaultTokenLifetimeSeconds,
    secrets: [
      provider.clientSecret,
      ...clientCredentialPairs(provider.clientId, provider.clientSecret),
      ...request.secrets,
    ],
    mapCode: provider.mapErrorCode,
    logger: context.logger,
  });
}
