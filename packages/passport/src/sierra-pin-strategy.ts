import { type ProviderDescriptor, type SierraOptions, sierra } from '@ils-auth/core';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';
import { SIERRA_OPTION_KEYS } from './sierra-strategy.js';
import { pickOptions } from './strategy-options.js';

export interface SierraPinStrategyOptions extends SierraOptions, PinStrategyOptions {}

/**
 * The app's own form posts barcode + PIN; the PIN is checked with the app token (`POST /patrons/validate`)
 * and the patron record is read. The patron's IP goes to Sierra as `X-Forwarded-For` (Express's `req.ip`,
 * so set `trust proxy` behind a proxy). Sierra gives the patron no token of their own: API calls for them go
 * through `strategy.auth.fetch(session.id, …)` with the app token. Default name `sierra-pin`.
 */
export class SierraPinStrategy extends PinStrategy<SierraPinStrategyOptions> {
  protected providerFrom(options: SierraPinStrategyOptions): ProviderDescriptor {
    return sierra(pickOptions(options, SIERRA_OPTION_KEYS) as SierraOptions);
  }

  protected providerOptionNames(): readonly string[] {
    return SIERRA_OPTION_KEYS;
  }

  protected override defaultName(): string {
    return 'sierra-pin';
  }
}
