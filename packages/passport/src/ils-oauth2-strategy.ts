import type { ProviderDescriptor } from '@ils-auth/core';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';
import { givenProvider } from './strategy-options.js';

export interface IlsOAuth2StrategyOptions extends CodeFlowStrategyOptions {
  /** A provider descriptor with an authorization URL: `oauth2({ … })`, or `sierra()`/`rero()`. */
  provider: ProviderDescriptor;
}

/**
 * Code-flow sign-in with any OAuth 2.0 server described by core's `oauth2()` (Koha, FOLIO gateways,
 * Keycloak in front of an ILS). Named after the provider id unless `name` is given.
 */
export class IlsOAuth2Strategy extends CodeFlowStrategy<IlsOAuth2StrategyOptions> {
  protected providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor {
    return givenProvider('IlsOAuth2Strategy', providerOptions, 'oauth2({ … })');
  }
}
