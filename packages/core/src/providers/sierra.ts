import { configError } from '../errors/config-error.js';
import type { IlsAuthErrorCode } from '../errors/error-codes.js';
import type { ProviderErrorBody } from '../errors/ils-auth-error.js';
import type { ProviderAnswer } from '../errors/provider-error.js';
import { defineProvider } from './define-provider.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { sierraPatronOperations } from './sierra-patron.js';
import { rejectedPerRfc6750 } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface SierraOptions {
  /** The API root, e.g. `https://catalog.example.org/iii/sierra-api`. */
  baseUrl: string;
  /** The API key. */
  clientId: string;
  /** The key's secret (Sierra requires at least 8 characters). */
  clientSecret: string;
  /** API version used for tokens and calls. Default `v6`. */
  apiVersion?: 'v5' | 'v6';
  /** Patron record fields read for the profile. */
  profileFields?: readonly string[];
  /** Allow http:// to a non-loopback host (never in production). */
  allowInsecureHttp?: boolean;
}

const SIERRA_ERROR_CODES: Readonly<Record<number, IlsAuthErrorCode>> = {
  113: 'invalid_token',
  120: 'invalid_token',
  121: 'invalid_request',
  123: 'invalid_grant',
  124: 'invalid_grant',
  125: 'invalid_request',
  128: 'invalid_grant',
  129: 'invalid_client',
};

/** Sierra's numeric error codes (docs/providers.md) onto ours; a 401 on the token endpoint is the client's fault. */
function mapSierraError(body: ProviderErrorBody, answer: ProviderAnswer): IlsAuthErrorCode | undefined {
  if (body.sierraCode !== undefined && SIERRA_ERROR_CODES[body.sierraCode])
    return SIERRA_ERROR_CODES[body.sierraCode];
  if (body.sierraCode === 127)
    return answer.headers.get('www-authenticate')?.toLowerCase().startsWith('basic')
      ? 'invalid_client'
      : 'invalid_token';
  return undefined;
}

/** A Sierra 401 means the token is gone (expired, or Tomcat restarted): codes 113/120 or a Bearer challenge. */
function sierraRejectedToken(answer: ProviderAnswer): boolean {
  if (answer.status !== 401) return false;
  if (/"code"\s*:\s*(113|120)\b/.test(answer.bodyText)) return true;
  return rejectedPerRfc6750(answer);
}

/**
 * Innovative's Sierra REST API: app tokens by client credentials with a raw Base64 `key:secret`, no refresh
 * tokens, tokens lost when the server restarts; patrons sign in on Sierra's login page (code flow, no PKCE)
 * or by barcode + PIN checked with the app token.
 */
export function sierra(options: SierraOptions): ProviderDescriptor {
  const read = new OptionReader('sierra', options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'baseUrl',
    'clientId',
    'clientSecret',
    'apiVersion',
    'profileFields',
    'allowInsecureHttp',
  ]);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp).replace(/\/v\d+$/, '');
  const clientId = read.string('clientId', {
    forbid: /:/,
    forbidWhy: 'must not contain ":" (Sierra joins key and secret with it)',
  });
  const clientSecret = read.string('clientSecret', { minLength: 8 });
  const apiVersion = read.optionalString('apiVersion') ?? 'v6';
  if (!/^v\d+$/.test(apiVersion)) throw configError('sierra', 'apiVersion', 'must look like "v6"');
  const apiBase = `${baseUrl}/${apiVersion}`;
  const profileFields = read.stringList('profileFields', [
    'names',
    'emails',
    'barcodes',
    'expirationDate',
    'birthDate',
    'patronType',
  ]);

  return defineProvider({
    id: 'sierra',
    displayName: 'Sierra',
    clientId,
    clientSecret,
    tokenEndpointAuth: 'basic-raw',
    endpoints: {
      token: `${apiBase}/token`,
      authorization: `${baseUrl}/authorize`,
      apiBase,
      patronApiBase: apiBase,
      tokenInfo: `${apiBase}/info/token`,
    },
    grants: ['client_credentials', 'authorization_code'],
    scopes: [],
    tokenParams: {},
    authorizationParams: {},
    allowPasswordGrant: false,
    // Sierra's authorization endpoint knows no PKCE and its API rejects unknown parameters (code 106).
    pkce: false,
    defaultTokenLifetimeSeconds: 3600,
    forwardsClientIp: true,
    isTokenRejected: sierraRejectedToken,
    mapErrorCode: mapSierraError,
    patron: sierraPatronOperations(apiBase, profileFields),
    allowInsecureHttp,
  });
}
