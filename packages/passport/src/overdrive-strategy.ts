import { type OverDriveOptions, overdrive, type ProviderDescriptor } from '@ils-auth/core';
import { invalidOption } from '@ils-auth/core/web';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';

export interface OverDriveStrategyOptions
  extends Omit<OverDriveOptions, 'allowPasswordGrant' | 'websiteId' | 'authorizationName'>,
    PinStrategyOptions {
  /** The library's OverDrive website id. */
  websiteId: string | number;
  /** The ILS name OverDrive assigned to the library. */
  authorizationName: string;
}

/**
 * Card number + PIN by OverDrive's password grant (OverDrive offers patrons nothing else, so this strategy
 * is the explicit opt-in RFC 9700 asks for). With `pinless: true` the PIN field may be left out. The profile
 * comes from `/v1/patrons/me`. Default name `overdrive`. Every option that is not the strategy's goes to
 * `overdrive()` as it is.
 */
export class OverDriveStrategy extends PinStrategy<OverDriveStrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    for (const option of ['websiteId', 'authorizationName'] as const) {
      if (providerOptions[option] === undefined || providerOptions[option] === '') {
        throw invalidOption('OverDriveStrategy', option, 'is required for patron sign-in');
      }
    }
    if (providerOptions.allowPasswordGrant !== undefined)
      throw invalidOption(
        'OverDriveStrategy',
        'allowPasswordGrant',
        'is implied: this strategy is the opt-in',
      );
    return overdrive({ ...(providerOptions as unknown as OverDriveOptions), allowPasswordGrant: true });
  }
}
