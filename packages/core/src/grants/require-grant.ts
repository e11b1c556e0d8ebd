import { configError } from '../errors/config-error.js';
import type { GrantType, ProviderDescriptor } from '../providers/provider-descriptor.js';

export function requireGrant(provider: ProviderDescriptor, grant: GrantType): void {
  if (!provider.grants.includes(grant)) {
    throw configError(provider.id, 'grants', `does not include ${grant}, which this operation needs`);
  }
}
