import { configError } from '../errors/config-error.js';
import type { GrantType, ProviderDescriptor } from '../providers/provider-descriptor.js';

export function requireGrant(provider: ProviderDescriptor, grant: GrantType): void {
  if (!provider.grants.includes(grant)) {
    throw configError(provider.id, 'grants', `does not include ${grant}, which this operation needs`);
  }
}

/** Grants run with a complete descriptor: one with an issuer has its endpoints once its metadata was read. */
export function requireDiscovered(provider: ProviderDescriptor): void {
  if (provider.discovery) {
    throw configError(
      provider.id,
      'issuer',
      'needs its metadata read first: pass the descriptor from `await discoverProvider(provider)`',
    );
  }
}
