import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer } from '../errors/provider-error.js';
import { sendAndRead } from '../http/send-request.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { applyClientAuthentication } from './client-authentication.js';
import type { GrantContext } from './grant-context.js';

export type RevocableToken = { token: string; hint: 'refresh_token' | 'access_token' };

/**
 * RFC 7009 §2.1: asks the provider to revoke one token, authenticated as the client is at the token
 * endpoint. Resolves once the provider answered 200 (which it also answers for tokens it no longer
 * knows, §2.2); anything else is a typed error.
 */
export async function revokeToken(
  provider: ProviderDescriptor,
  revocable: RevocableToken,
  context: GrantContext,
): Promise<void> {
  const url = provider.endpoints.revocation;
  if (!url) {
    throw new IlsAuthError('config_invalid', `${provider.id} has no revocation endpoint`, {
      provider: provider.id,
    });
  }
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    accept: 'application/json',
    'user-agent': context.userAgent,
  });
  const body = new URLSearchParams({ token: revocable.token, token_type_hint: revocable.hint });
  applyClientAuthentication(provider, headers, body);
  const answer = await sendAndRead(
    url,
    { method: 'POST', headers, body: body.toString() },
    {
      fetch: context.fetch,
      timeoutMs: context.timeoutMs,
      maxBodyBytes: context.maxBodyBytes,
      provider: provider.id,
      purpose: 'revocation request',
      signal: context.signal,
    },
  );
  if (answer.status !== 200) {
    throw errorFromAnswer(answer, {
      provider: provider.id,
      purpose: 'revocation request',
      secrets: [provider.clientSecret, revocable.token],
      mapCode: provider.mapErrorCode,
    });
  }
}
