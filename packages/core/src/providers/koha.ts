import type { ErrorCodeMapper } from '../errors/provider-error.js';
import { defineProvider } from './define-provider.js';
import { type KohaPatronLoginField, kohaPatronOperations } from './koha-patron.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface KohaOptions {
  /** The Koha staff interface's origin (where `/api/v1` lives), e.g. `https://koha-staff.example.org`. */
  baseUrl: string;
  /** An API key's client id, generated on a staff user's record; its token carries that user's permissions. */
  clientId: string;
  clientSecret: string;
  /**
   * What a patron signs in with: `identifier` (default; Koha 23.11 and later: a card number or a user id)
   * or `userid` (Koha 23.05, whose password validation knows only the user id).
   */
  patronLoginField?: KohaPatronLoginField;
  allowInsecureHttp?: boolean;
}

/**
 * Koha answers 403 where RFC 6749 says 400/401: `unauthorized_client` for an unknown or inactive client id
 * and `access_denied` for a wrong secret. At the token endpoint both mean our API key is wrong. On the API,
 * a 403 that lists `required_permissions` means the key's staff user lacks them: a configuration to fix,
 * not a refusal of the patron.
 */
const mapKohaError: ErrorCodeMapper = (body, answer) => {
  if (answer.status === 403 && (body.error === 'unauthorized_client' || body.error === 'access_denied'))
    return 'invalid_client';
  if (answer.status === 403 && body.requiredPermissions) return 'config_invalid';
  if (answer.status === 400 && body.error === 'Unimplemented grant type') return 'unsupported_grant_type';
  return undefined;
};

/**
 * Koha's REST API (`/api/v1`): application tokens by client credentials, the API key in the form body
 * (RESTOAuth2ClientCredentials must be on). Koha has no patron OAuth grant: patrons sign in by card number
 * (or user id) and password, checked with the app token by Koha's password validation route, and their
 * records are read with the app token.
 */
export function koha(options: KohaOptions): ProviderDescriptor {
  const read = new OptionReader('koha', options as unknown as Record<string, unknown>);
  read.rejectUnknown(['baseUrl', 'clientId', 'clientSecret', 'patronLoginField', 'allowInsecureHttp']);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp);
  const apiBase = `${baseUrl}/api/v1`;
  const patronLoginField = read.oneOf('patronLoginField', ['identifier', 'userid'], 'identifier');

  return defineProvider({
    id: 'koha',
    displayName: 'Koha',
    clientId: read.string('clientId'),
    clientSecret: read.string('clientSecret'),
    tokenEndpointAuth: 'post',
    endpoints: { token: `${apiBase}/oauth/token`, apiBase, patronApiCheck: `${apiBase}/patrons?_per_page=1` },
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
    patron: kohaPatronOperations(apiBase, patronLoginField),
    allowInsecureHttp,
  });
}
