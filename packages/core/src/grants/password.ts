import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { cardNumber } from '../internal/redact.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { GrantContext } from './grant-context.js';
import { requestToken } from './request-token.js';
import { requireGrant } from './require-grant.js';

export interface PasswordCredentials {
  /** Library card number (OverDrive's `username`). */
  username: string;
  /** PIN; may be omitted only for providers configured with a PIN-less collection. */
  password?: string;
}

/**
 * RFC 6749 §4.3, the Resource Owner Password Credentials grant. RFC 9700 §2.4 says it must not be used;
 * OverDrive's Circulation API offers nothing else, so it runs only for descriptors whose application
 * opted in with `allowPasswordGrant: true`. The PIN is sent once and never kept.
 */
export function passwordGrant(
  provider: ProviderDescriptor,
  credentials: PasswordCredentials,
  context: GrantContext,
): Promise<TokenSet> {
  requireGrant(provider, 'password');
  if (!provider.allowPasswordGrant) {
    throw configError(
      provider.id,
      'allowPasswordGrant',
      'must be true to use the legacy password grant (RFC 9700 §2.4 forbids it unless a provider requires it)',
    );
  }
  const settings = provider.passwordGrant;
  const password =
    credentials.password === undefined || credentials.password === ''
      ? settings?.placeholderPassword
      : credentials.password;
  if (password === undefined || password === '') {
    // The patron left the PIN out; the configuration is fine.
    throw new IlsAuthError('invalid_input', 'the pin is missing, and this collection needs one', {
      provider: provider.id,
      status: 400,
    });
  }
  const params: Record<string, string> = {
    grant_type: 'password',
    username: credentials.username,
    password,
    ...(settings?.extraParams ?? {}),
  };
  if (settings?.scope) params.scope = settings.scope;
  return requestToken(
    provider,
    {
      url: provider.endpoints.passwordToken ?? provider.endpoints.token,
      params,
      secrets: [credentials.password, cardNumber(credentials.username)],
    },
    context,
  );
}
