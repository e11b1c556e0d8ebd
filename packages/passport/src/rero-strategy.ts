import { type ProviderDescriptor, type ReroOptions, rero } from '@ils-auth/core';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';
import { pickOptions } from './strategy-options.js';

export const RERO_OPTION_KEYS = [
  'baseUrl',
  'clientId',
  'clientSecret',
  'scopes',
  'allowInsecureHttp',
] as const satisfies readonly (keyof ReroOptions)[];

export interface ReroStrategyOptions extends ReroOptions, CodeFlowStrategyOptions {}

/**
 * RERO ILS sign-in: authorization code with PKCE and state, profile from `/api/patrons/info`. RERO
 * issues rotating refresh tokens; the verify receives the first one (core keeps the current one in the
 * session for `strategy.auth.refresh()`). Default name `rero`.
 */
export class ReroStrategy extends CodeFlowStrategy<ReroStrategyOptions> {
  protected providerFrom(options: ReroStrategyOptions): ProviderDescriptor {
    return rero(pickOptions(options, RERO_OPTION_KEYS) as ReroOptions);
  }

  protected providerOptionNames(): readonly string[] {
    return RERO_OPTION_KEYS;
  }
}
