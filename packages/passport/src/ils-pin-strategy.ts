import type { ProviderDescriptor } from '@ils-auth/core';
import { invalidOption } from '@ils-auth/core/web';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';

export interface IlsPinStrategyOptions extends PinStrategyOptions {
  /** A provider with a barcode + PIN sign-in: `sierra()`, `koha()` (card number and password),
   * `overdrive({ allowPasswordGrant: true, … })`, or `oauth2({ allowPasswordGrant: true, … })`. */
  provider: ProviderDescriptor;
}

/** Barcode + PIN sign-in with any provider descriptor that offers one; named after the provider id. */
export class IlsPinStrategy extends PinStrategy<IlsPinStrategyOptions> {
  protected providerFrom(options: IlsPinStrategyOptions): ProviderDescriptor {
    const provider = options.provider;
    if (!provider || typeof provider !== 'object' || typeof provider.id !== 'string' || !provider.endpoints) {
      throw invalidOption(
        'IlsPinStrategy',
        'provider',
        'must be a provider descriptor such as sierra({ … })',
      );
    }
    return provider;
  }

  protected providerOptionNames(): readonly string[] {
    return ['provider'];
  }
}
