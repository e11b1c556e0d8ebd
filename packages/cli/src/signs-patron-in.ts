import type { ProviderDescriptor } from '@ils-auth/core';

/**
 * Whether the descriptor was built to sign a patron in with the legacy password grant. The CLI opts into
 * that grant only for a command line that names a patron (`overdrive-patron`, `oauth2 --username`), so the
 * opt-in says which token the user asked for: the patron's, not the application's.
 */
export function signsPatronIn(provider: ProviderDescriptor): boolean {
  return provider.allowPasswordGrant && provider.grants.includes('password');
}
