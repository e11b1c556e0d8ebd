import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/**
 * Whether a card number alone may sign a patron in: an OverDrive PIN-less collection, whose password grant
 * sends a placeholder for the PIN. A provider that checks PINs itself (`patron.checkPin`) always wants one.
 */
export function pinlessAllowed(descriptor: ProviderDescriptor): boolean {
  return !descriptor.patron?.checkPin && descriptor.passwordGrant?.placeholderPassword !== undefined;
}
