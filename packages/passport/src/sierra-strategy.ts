import { type ProviderDescriptor, type SierraOptions, sierra } from '@ils-auth/core';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';

export interface SierraStrategyOptions extends SierraOptions, CodeFlowStrategyOptions {}

/**
 * The patron signs in on Sierra's own login page (`/iii/sierra-api/authorize`, authorization code flow);
 * the profile comes from `/info/token` and the patron record. Sierra issues no refresh token, so the
 * verify's `refreshToken` is undefined. Default name `sierra`. Every option that is not the strategy's
 * goes to `sierra()` as it is.
 */
export class SierraStrategy extends CodeFlowStrategy<SierraStrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    return sierra(providerOptions as unknown as SierraOptions);
  }
}
