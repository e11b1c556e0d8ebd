import { printAs } from '../internal/print-as.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

/**
 * Freezes a descriptor and hides its client secret: the secret is a non-enumerable property, so
 * `JSON.stringify`, spreading and `util.inspect` never show it, while `descriptor.clientSecret` still works.
 */
export function defineProvider(spec: ProviderDescriptor): ProviderDescriptor {
  const { clientSecret, ...visible } = spec;
  const descriptor = { ...visible } as ProviderDescriptor & Record<PropertyKey, unknown>;
  Object.defineProperty(descriptor, 'clientSecret', {
    value: clientSecret,
    enumerable: false,
    writable: false,
  });
  printAs(descriptor, 'ProviderDescriptor', () => ({
    ...visible,
    clientSecret: clientSecret === undefined ? undefined : '[redacted]',
  }));
  return Object.freeze(descriptor);
}
