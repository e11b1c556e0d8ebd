import type { ErrorCodeMapper } from '../errors/provider-error.js';
import { defineProvider } from './define-provider.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface KohaOptions {
  /** The Koha staff interface's origin (where `/api/v1` lives), e.g. `https://koha-staff.example.org`. */
  baseUrl: string;
  /** An API key's client id, generated on a staff user's record; its token carries that user's permissions. */
  clientId: string;
  clientSecret: string;
  allowInsecureHttp?: boolean;
}

/**
 * Koha answers 403 where RFC 6749 says 400/401: `unauthorized_client` for an unknown or inactive client id
 * and `access_denied` for a wrong secret. At the token endpoint both mean our API key is wrong.
 */
const mapKohaError: ErrorCodeMapper = (body, answer) => {
  if (answer.status === 403 && (body.error === 'unauthorized_client' || body.error === 'access_denied'))
    return 'invalid_client';
  if (answer.status === 400 && body.error === 'Unimplemented grant type') return 'unsupported_grant_type';
  return undefined;
};

/**
 * Koha's REST API (`/api/v1`): application tokens by client credentials, the API key in the form body
 * (RESTOAuth2ClientCredentials must be on). Koha has no patron OAuth grant, so patrons are not signed in
 * here; the API reads their records with the app token (`/api/v1/patrons/{patron_id}`).
 */
export function koha(options: KohaOptions): ProviderDescriptor {
  const read = new OptionReader('koha', options as unknown as Record<string, unknown>);
  read.rejectUnknown(['baseUrl', 'clientId', 'clientSecret', 'allowInsecureHttp']);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp);

  return defineProvider({
    id: 'koha',
    displayName: 'Koha',
    clientId: read.string('clientId'),
    clientSecret: read.string('clientSecret'),
    tokenEndpointAuth: 'post',
    endpoints: { token: `${baseUrl}/api/v1/oauth/token`, apiBase: `${baseUrl}/api/v1` },
    grants: ['client_credentials'],
    scopes: [],
    tokenParams: {},
    authorizationParams: {},
    allowPasswordGrant: false,
    pkce: false,
    defaultTokenLifetimeSeconds: 3600,
    forwardsClientIp: false,
    // Koha answers 401 only when the token is missing, unknown or expired (a missing permission is 403).
    isTokenRejected: anyUnauthorized,
    mapErrorCode: mapKohaError,
    allowInsecureHttp,
  });
}
