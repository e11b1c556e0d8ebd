import { IlsAuthError } from '@ils-auth/core';

/** A `config_invalid` error naming the strategy option, thrown once at construction (core's wording). */
export function strategyConfigError(strategy: string, option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `${strategy}: option \`${option}\` ${problem}`, {
    retryable: false,
  });
}

/** What every strategy constructor checks first: an options object and a verify function. */
export function checkStrategyArguments(strategy: string, options: unknown, verify: unknown): void {
  if (options === null || typeof options !== 'object')
    throw strategyConfigError(strategy, 'options', 'must be an object');
  if (typeof verify !== 'function') throw strategyConfigError(strategy, 'verify', 'must be a function');
}
