import type { ProviderDescriptor } from '@ils-auth/core';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';
import { givenProvider } from './strategy-options.js';

export interface IlsPinStrategyOptions extends PinStrategyOptions {
  /** A provider with a barcode + PIN sign-in: `sierra()`, `koha()` (card number and password),
   * `overdrive({ allowPasswordGrant: true, … })`, or `oauth2({ allowPasswordGrant: true, … })`. */
  provider: ProviderDescriptor;
}

/** Barcode + PIN sign-in with any provider descriptor that offers one; named after the provider id. */
export class IlsPinStrategy extends PinStrategy<IlsPinStrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    return givenProvider('IlsPinStrategy', providerOptions, 'sierra({ … })');
  }
}
