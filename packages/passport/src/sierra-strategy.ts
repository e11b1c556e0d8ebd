import { type ProviderDescriptor, type SierraOptions, sierra } from '@ils-auth/core';
import { CodeFlowStrategy, type CodeFlowStrategyOptions } from './code-flow-strategy.js';
import { pickOptions } from './strategy-options.js';

export const SIERRA_OPTION_KEYS = [
  'baseUrl',
  'clientId',
  'clientSecret',
  'apiVersion',
  'profileFields',
  'allowInsecureHttp',
] as const satisfies readonly (keyof SierraOptions)[];

export interface SierraStrategyOptions extends SierraOptions, CodeFlowStrategyOptions {}

/**
 * The patron signs in on Sierra's own login page (`/iii/sierra-api/authorize`, authorization code flow);
 * the profile comes from `/info/token` and the patron record. Sierra issues no refresh token, so the
 * verify's `refreshToken` is undefined. Default name `sierra`.
 */
export class SierraStrategy extends CodeFlowStrategy<SierraStrategyOptions> {
  protected providerFrom(options: SierraStrategyOptions): ProviderDescriptor {
    return sierra(pickOptions(options, SIERRA_OPTION_KEYS) as SierraOptions);
  }

  protected providerOptionNames(): readonly string[] {
    return SIERRA_OPTION_KEYS;
  }
}
