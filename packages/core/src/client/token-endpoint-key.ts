import { fingerprint } from '../internal/hash.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/**
 * Names one provider's token endpoint and client id without revealing either: two apps (or two keys for
 * one Sierra) never share an app token or a backoff by accident.
 */
export function tokenEndpointKey(provider: ProviderDescriptor): string {
  return `${provider.id}:${fingerprint(`${provider.endpoints.token}\n${provider.clientId}`, 22)}`;
}
