import type { ErrorCodeMapper } from '../errors/provider-error.js';
import { almaPatronOperations } from './alma-patron.js';
import { defineProvider } from './define-provider.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { OptionReader } from './validate-options.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

export interface AlmaOptions {
  /**
   * The regional API gateway with its path, e.g. `https://api-eu.hosted.exlibrisgroup.com/almaws/v1`
   * (the institution's own Alma domain refuses API keys).
   */
  apiUrl: string;
  /** A Developer Network API key with read access to the Users area. */
  apiKey: string;
  allowInsecureHttp?: boolean;
}

/**
 * Alma answers most errors with HTTP 400 and an `errorCode` in `errorList`: a key without the Users area
 * (`UNAUTHORIZED`) is the application's configuration; `PER_SECOND_THRESHOLD` (HTTP 429) is retryable.
 */
const mapAlmaError: ErrorCodeMapper = (body) => {
  if (body.error === 'UNAUTHORIZED' || body.error === 'INVALID_API_KEY') return 'invalid_client';
  if (body.error === 'PER_SECOND_THRESHOLD') return 'rate_limited';
  if (body.error === 'DAILY_THRESHOLD') return 'provider_error';
  return undefined;
};

/**
 * Ex Libris Alma's REST API: a static API key in `Authorization: apikey …` on every call (never in a URL);
 * patrons sign in with their internal password, checked by `POST users/{id}?op=auth` with the password in
 * the `Exl-User-Pw` header, then the user record is read.
 */
export function alma(options: AlmaOptions): ProviderDescriptor {
  const read = new OptionReader('alma', options as unknown as Record<string, unknown>);
  read.rejectUnknown(['apiUrl', 'apiKey', 'allowInsecureHttp']);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const apiBase = read.url('apiUrl', allowInsecureHttp);
  const apiKey = read.string('apiKey', { forbid: /[^\x21-\x7e]/, forbidWhy: 'must be printable ASCII' });

  return defineProvider({
    id: 'alma',
    displayName: 'Alma',
    appAuth: {
      scheme: 'static-key',
      attach(key, request) {
        request.headers.set('authorization', `apikey ${key.accessToken}`);
        if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
        return request;
      },
    },
    // The key is the secret; the client id only tells two keys' backoffs apart (it is not sent).
    clientId: 'alma-api-key',
    clientSecret: apiKey,
    ...WITHOUT_OAUTH,
    // No token endpoint: the API base stands where one would, for store keys and allowed origins.
    endpoints: { token: apiBase, apiBase },
    defaultTokenLifetimeSeconds: 0,
    // A key is never "expired": a refused one is a configuration error, not a token to renew.
    isTokenRejected: () => false,
    mapErrorCode: mapAlmaError,
    patron: almaPatronOperations(apiBase),
    allowInsecureHttp,
  });
}
