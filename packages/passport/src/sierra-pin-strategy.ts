import { type ProviderDescriptor, type SierraOptions, sierra } from '@ils-auth/core';
import { PinStrategy, type PinStrategyOptions } from './pin-strategy.js';

export interface SierraPinStrategyOptions extends SierraOptions, PinStrategyOptions {}

/**
 * The app's own form posts barcode + PIN; the PIN is checked with the app token (`POST /patrons/validate`)
 * and the patron record is read. The patron's IP goes to Sierra as `X-Forwarded-For` (Express's `req.ip`,
 * so set `trust proxy` behind a proxy). Sierra gives the patron no token of their own: API calls for them go
 * through `strategy.auth.fetch(session.id, …)` with the app token. Default name `sierra-pin`. Every option
 * that is not the strategy's goes to `sierra()` as it is.
 */
export class SierraPinStrategy extends PinStrategy<SierraPinStrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    return sierra(providerOptions as unknown as SierraOptions);
  }

  protected override defaultName(): string {
    return 'sierra-pin';
  }
}
