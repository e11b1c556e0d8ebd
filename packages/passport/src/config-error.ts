import { IlsAuthError } from '@ils-auth/core';

/** A `config_invalid` error naming the strategy option, thrown once at construction (core's wording). */
export function strategyConfigError(strategy: string, option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `${strategy}: option \`${option}\` ${problem}`, {
    retryable: false,
  });
}
