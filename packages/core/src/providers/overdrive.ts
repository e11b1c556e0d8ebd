import { configError } from '../errors/config-error.js';
import { defineProvider } from './define-provider.js';
import { asRecord, compact, idString } from './profile-fields.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface OverDriveOptions {
  clientId: string;
  clientSecret: string;
  /** The library's OverDrive website id (patron sign-in scope `websiteid:…`). */
  websiteId?: string | number;
  /** The ILS name OverDrive assigned to the library (scope `authorizationname:…`). */
  authorizationName?: string;
  /** The collection needs no PIN: patrons sign in with their card number alone (`password_required=false`). */
  pinless?: boolean;
  /**
   * Patron sign-in uses the legacy password grant, which RFC 9700 forbids unless the provider requires it.
   * OverDrive does; set this to true to acknowledge it.
   */
  allowPasswordGrant?: boolean;
  /** Use OverDrive's integration (test) patron API host. */
  integration?: boolean;
  oauthUrl?: string;
  patronOauthUrl?: string;
  apiUrl?: string;
  patronApiUrl?: string;
  allowInsecureHttp?: boolean;
}

/**
 * OverDrive: Discovery API tokens by client credentials; Circulation (patron) tokens by the password grant at
 * a separate `patrontoken` endpoint with a `websiteid:… authorizationname:…` scope. No refresh tokens: an
 * expired patron token means the patron signs in again (the PIN is never kept to do it silently).
 */
export function overdrive(options: OverDriveOptions): ProviderDescriptor {
  const read = new OptionReader('overdrive', options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'clientId',
    'clientSecret',
    'websiteId',
    'authorizationName',
    'pinless',
    'allowPasswordGrant',
    'integration',
    'oauthUrl',
    'patronOauthUrl',
    'apiUrl',
    'patronApiUrl',
    'allowInsecureHttp',
  ]);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const integration = read.boolean('integration', false);
  const clientId = read.string('clientId', { forbid: /:/, forbidWhy: 'must not contain ":"' });
  const clientSecret = read.string('clientSecret');
  const oauthUrl = read.url('oauthUrl', allowInsecureHttp, 'https://oauth.overdrive.com');
  const patronOauthUrl = read.url('patronOauthUrl', allowInsecureHttp, 'https://oauth-patron.overdrive.com');
  const apiUrl = read.url('apiUrl', allowInsecureHttp, 'https://api.overdrive.com');
  const patronApiUrl = read.url(
    'patronApiUrl',
    allowInsecureHttp,
    integration ? 'https://integration-patron.api.overdrive.com' : 'https://patron.api.overdrive.com',
  );
  const pinless = read.boolean('pinless', false);
  const allowPasswordGrant = read.boolean('allowPasswordGrant', false);

  // Patron sign-in needs both scope parts; an app that only uses Discovery APIs needs neither.
  const websiteId = options.websiteId === undefined ? undefined : String(options.websiteId);
  if (websiteId !== undefined && !/^\d+$/.test(websiteId))
    throw configError('overdrive', 'websiteId', 'must be a number');
  const authorizationName = read.optionalString('authorizationName');
  if (authorizationName !== undefined && /\s/.test(authorizationName)) {
    throw configError('overdrive', 'authorizationName', 'must not contain spaces');
  }
  if ((websiteId === undefined) !== (authorizationName === undefined)) {
    throw configError(
      'overdrive',
      websiteId === undefined ? 'websiteId' : 'authorizationName',
      'is required for patron sign-in when the other is given',
    );
  }
  const patronSignIn = websiteId !== undefined;

  return defineProvider({
    id: 'overdrive',
    displayName: 'OverDrive',
    clientId,
    clientSecret,
    tokenEndpointAuth: 'basic-raw',
    endpoints: {
      token: `${oauthUrl}/token`,
      passwordToken: `${patronOauthUrl}/patrontoken`,
      apiBase: apiUrl,
      patronApiBase: patronApiUrl,
    },
    grants: patronSignIn ? ['client_credentials', 'password'] : ['client_credentials'],
    scopes: [],
    tokenParams: {},
    authorizationParams: {},
    passwordGrant: patronSignIn
      ? {
          scope: `websiteid:${websiteId} authorizationname:${authorizationName}`,
          extraParams: pinless ? { password_required: 'false' } : {},
          // OAuth requires a non-empty password even when the collection needs none (OverDrive's docs).
          ...(pinless ? { placeholderPassword: '[ignore]' } : {}),
          credentialErrors: ['unauthorized_client', 'invalid_grant'],
        }
      : undefined,
    allowPasswordGrant,
    pkce: false,
    defaultTokenLifetimeSeconds: 3600,
    forwardsClientIp: false,
    isTokenRejected: anyUnauthorized,
    patron: {
      async fetchProfile({ provider, getWithPatronToken, barcode }) {
        if (!getWithPatronToken)
          throw configError(
            'overdrive',
            'patron',
            'profiles are read with the patron token; sign in with login()',
          );
        const me = asRecord(
          await getWithPatronToken(`${patronApiUrl}/v1/patrons/me`, 'patron information request'),
        );
        return compact({ provider: provider.id, id: idString(me.patronId) ?? '', barcode, raw: me });
      },
    },
    allowInsecureHttp,
  });
}
