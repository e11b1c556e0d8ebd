import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/**
 * Turns what the caller passed to `fetch()` into an absolute URL. Relative paths join the API base
 * (`'v6/bibs/1'` or `'/v6/bibs/1'` under `https://host/iii/sierra-api`). An absolute URL must point at one
 * of the provider's own origins: a token sent anywhere else is a token leaked.
 */
export function resolveApiUrl(
  provider: ProviderDescriptor,
  input: string | URL,
  base: string | undefined,
): URL {
  const text = input instanceof URL ? input.href : input;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    const url = new URL(text);
    if (!providerOrigins(provider).has(url.origin)) {
      throw new IlsAuthError(
        'invalid_input',
        `refusing to send a ${provider.id} token to ${url.origin}, which is not one of the provider's endpoints`,
        {
          provider: provider.id,
        },
      );
    }
    return url;
  }
  if (!base) {
    throw new IlsAuthError(
      'config_invalid',
      `${provider.id}: a relative path needs the provider's API base URL (option apiBaseUrl)`,
      { provider: provider.id },
    );
  }
  return new URL(`${base}/${text.replace(/^\/+/, '')}`);
}

const originCache = new WeakMap<ProviderDescriptor, Set<string>>();

function providerOrigins(provider: ProviderDescriptor): Set<string> {
  let origins = originCache.get(provider);
  if (!origins) {
    origins = new Set(
      Object.values(provider.endpoints)
        .filter((value): value is string => typeof value === 'string' && value !== '')
        .map((value) => new URL(value).origin),
    );
    originCache.set(provider, origins);
  }
  return origins;
}
