import type { ProviderDescriptor } from '@ils-auth/core';
import { invalidOption } from '@ils-auth/core/web';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';

export interface IlsOAuth2StrategyOptions extends CodeFlowStrategyOptions {
  /** A provider descriptor with an authorization URL: `oauth2({ … })`, or `sierra()`/`rero()`. */
  provider: ProviderDescriptor;
}

/**
 * Code-flow sign-in with any OAuth 2.0 server described by core's `oauth2()` (Koha, FOLIO gateways,
 * Keycloak in front of an ILS). Named after the provider id unless `name` is given.
 */
export class IlsOAuth2Strategy extends CodeFlowStrategy<IlsOAuth2StrategyOptions> {
  protected providerFrom(options: IlsOAuth2StrategyOptions): ProviderDescriptor {
    const provider = options.provider;
    if (!provider || typeof provider !== 'object' || typeof provider.id !== 'string' || !provider.endpoints) {
      throw invalidOption(
        'IlsOAuth2Strategy',
        'provider',
        'must be a provider descriptor such as oauth2({ … })',
      );
    }
    return provider;
  }

  protected providerOptionNames(): readonly string[] {
    return ['provider'];
  }
}
