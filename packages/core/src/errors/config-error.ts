import { IlsAuthError } from './ils-auth-error.js';

/** A `config_invalid` error that names the option, raised once at construction time. */
export function configError(provider: string | undefined, option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `${provider ?? 'ils-auth'}: option \`${option}\` ${problem}`, {
    provider,
    retryable: false,
  });
}
