import { type ProviderDescriptor, type ReroOptions, rero } from '@ils-auth/core';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';

export interface ReroStrategyOptions extends ReroOptions, CodeFlowStrategyOptions {}

/**
 * RERO ILS sign-in: authorization code with PKCE and state, profile from `/api/patrons/info`. RERO
 * issues rotating refresh tokens; the verify receives the first one (core keeps the current one in the
 * session for `strategy.auth.refresh()`). Default name `rero`. Every option that is not the strategy's
 * goes to `rero()` as it is.
 */
export class ReroStrategy extends CodeFlowStrategy<ReroStrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    return rero(providerOptions as unknown as ReroOptions);
  }
}
