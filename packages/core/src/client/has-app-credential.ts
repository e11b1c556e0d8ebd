import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/**
 * Whether the application can call the provider's API on its own behalf, i.e. whether `createClient(provider)`
 * accepts it: an app-auth scheme of its own (a staff or API user's session, a signed request, a static key)
 * or, without one, OAuth client credentials. SIP2 (`none`) and RERO ILS (patrons' tokens only) cannot.
 */
export function hasAppCredential(provider: ProviderDescriptor): boolean {
  const scheme = provider.appAuth;
  return scheme === undefined ? provider.grants.includes('client_credentials') : scheme.scheme !== 'none';
}
