import { configError } from '../errors/config-error.js';
import { defineProvider } from './define-provider.js';
import { asRecord, idString } from './profile-fields.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { mapReroPatron } from './rero-patron.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface ReroOptions {
  /** The instance, e.g. `https://bib.rero.ch` (the default). */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Patron data scopes. Default: fullname birthdate institution expiration_date patron_type. */
  scopes?: readonly string[] | string;
  allowInsecureHttp?: boolean;
}

export const RERO_DEFAULT_SCOPES = [
  'fullname',
  'birthdate',
  'institution',
  'expiration_date',
  'patron_type',
] as const;

/**
 * RERO ILS (Invenio): Authorization Code with 30-second codes, client credentials in the form body,
 * one-hour access tokens and rotating 30-day refresh tokens (the old access token dies at rotation).
 */
export function rero(options: ReroOptions): ProviderDescriptor {
  const read = new OptionReader('rero', options as unknown as Record<string, unknown>);
  read.rejectUnknown(['baseUrl', 'clientId', 'clientSecret', 'scopes', 'allowInsecureHttp']);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp, 'https://bib.rero.ch');
  const userinfo = `${baseUrl}/api/patrons/info`;

  return defineProvider({
    id: 'rero',
    displayName: 'RERO ILS',
    clientId: read.string('clientId'),
    clientSecret: read.string('clientSecret'),
    tokenEndpointAuth: 'post',
    endpoints: {
      token: `${baseUrl}/oauth/token`,
      authorization: `${baseUrl}/oauth/authorize`,
      userinfo,
      apiBase: baseUrl,
      patronApiBase: baseUrl,
    },
    grants: ['authorization_code', 'refresh_token'],
    scopes: read.stringList('scopes', RERO_DEFAULT_SCOPES),
    tokenParams: {},
    authorizationParams: {},
    allowPasswordGrant: false,
    pkce: true,
    defaultTokenLifetimeSeconds: 3600,
    refreshTokenLifetimeSeconds: 30 * 24 * 3600,
    forwardsClientIp: false,
    isTokenRejected: anyUnauthorized,
    patron: {
      async fetchProfile({ provider, getWithPatronToken }) {
        if (!getWithPatronToken)
          throw configError(
            'rero',
            'patron',
            'profiles are read with the patron token; sign in with the code flow',
          );
        return mapReroPatron(
          asRecord(await getWithPatronToken(userinfo, 'patron information request')),
          provider.id,
        );
      },
      // RERO's token endpoint answers with the patron beside the tokens: `user: { id }`.
      patronIdFromTokenResponse: (raw) => idString(asRecord(raw.user).id),
    },
    allowInsecureHttp,
  });
}
