import { IlsAuthError } from '../errors/ils-auth-error.js';

type Jose = typeof import('jose');

let loading: Promise<Jose> | undefined;

/**
 * `jose`, imported on the first OpenID Connect sign-in rather than when core loads. `jose` is ESM only: a
 * `require()` of it at load time broke the CommonJS build wherever ES modules cannot be required (Jest's
 * CommonJS runtime), for every app, including the many that never use OpenID Connect.
 */
export function loadJose(provider: string): Promise<Jose> {
  loading ??= import('jose').catch((cause: unknown) => {
    // Forget the failure so that a later sign-in tries again (a runtime may allow the import later).
    loading = undefined;
    throw cause;
  });
  return loading.catch((cause: unknown) => {
    throw new IlsAuthError(
      'config_invalid',
      `${provider}'s id_token cannot be checked: the ES module \`jose\` could not be imported in this runtime ` +
        "(under Jest's CommonJS runtime, let Jest transform it: transformIgnorePatterns ['/node_modules/(?!jose/)'])",
      { provider, retryable: false, cause },
    );
  });
}
