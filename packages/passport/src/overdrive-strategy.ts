import { type OverDriveOptions, overdrive, type ProviderDescriptor } from '@ils-auth/core';
import { invalidOption } from '@ils-auth/core/web';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';
import { pickOptions } from './strategy-options.js';

const OVERDRIVE_OPTION_KEYS = [
  'clientId',
  'clientSecret',
  'websiteId',
  'authorizationName',
  'pinless',
  'integration',
  'oauthUrl',
  'patronOauthUrl',
  'apiUrl',
  'patronApiUrl',
  'allowInsecureHttp',
] as const satisfies readonly (keyof OverDriveOptions)[];

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
 * comes from `/v1/patrons/me`. Default name `overdrive`.
 */
export class OverDriveStrategy extends PinStrategy<OverDriveStrategyOptions> {
  protected providerFrom(options: OverDriveStrategyOptions): ProviderDescriptor {
    for (const option of ['websiteId', 'authorizationName'] as const) {
      if (options[option] === undefined || options[option] === '') {
        throw invalidOption('OverDriveStrategy', option, 'is required for patron sign-in');
      }
    }
    return overdrive({
      ...(pickOptions(options, OVERDRIVE_OPTION_KEYS) as OverDriveOptions),
      allowPasswordGrant: true,
    });
  }

  protected providerOptionNames(): readonly string[] {
    return OVERDRIVE_OPTION_KEYS;
  }
}
