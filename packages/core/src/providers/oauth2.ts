import { configError } from '../errors/config-error.js';
import type { PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { defineProvider } from './define-provider.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { GrantType, ProviderDescriptor, TokenEndpointAuthMethod } from './provider-descriptor.js';
import { rejectedPerRfc6750 } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface OAuth2Options {
  /** Id used in store keys, errors and profiles. Default `oauth2`; give each server its own. */
  id?: string;
  displayName?: string;
  tokenUrl: string;
  authorizationUrl?: string;
  /** Returns the signed-in user's record for the profile (OpenID Connect userinfo or similar). */
  userinfoUrl?: string;
  /** Relative `fetch()` paths resolve here. */
  apiBaseUrl?: string;
  clientId: string;
  clientSecret?: string;
  /** Default `basic` (RFC 6749 §2.3.1); `none` for public clients. */
  tokenEndpointAuth?: TokenEndpointAuthMethod;
  /** Scopes of the authorization URL. */
  scopes?: readonly string[] | string;
  /** Scope of client-credentials requests. */
  appScope?: string;
  /** Extra form parameters for every token request. */
  tokenParams?: Record<string, string>;
  /** Extra query parameters for the authorization URL. */
  authorizationParams?: Record<string, string>;
  /** PKCE S256 in the code flow. Default true. */
  pkce?: boolean;
  /** Allow the legacy password grant (RFC 9700 §2.4): only where the server offers nothing else. */
  allowPasswordGrant?: boolean;
  /** Scope sent with password-grant requests. */
  passwordScope?: string;
  /** Default lifetime when a token response has no `expires_in`, in seconds. Default 3600. */
  defaultTokenLifetimeSeconds?: number;
  refreshTokenLifetimeSeconds?: number;
  /** Maps the userinfo body (or, without `userinfoUrl`, the token response) to a profile. */
  mapProfile?: (
    record: Record<string, unknown>,
  ) => Omit<PatronProfile, 'provider' | 'raw'> & { raw?: unknown };
  allowInsecureHttp?: boolean;
}

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['basic', 'basic-raw', 'post', 'none'];

/**
 * Any standard OAuth 2.0 server (Koha, FOLIO gateways, Keycloak in front of an ILS), built from the same
 * pieces as the named providers. Grants follow from the endpoints given.
 */
export function oauth2(options: OAuth2Options): ProviderDescriptor {
  const id = typeof options?.id === 'string' ? options.id : 'oauth2';
  const read = new OptionReader(id, options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'id',
    'displayName',
    'tokenUrl',
    'authorizationUrl',
    'userinfoUrl',
    'apiBaseUrl',
    'clientId',
    'clientSecret',
    'tokenEndpointAuth',
    'scopes',
    'appScope',
    'tokenParams',
    'authorizationParams',
    'pkce',
    'allowPasswordGrant',
    'passwordScope',
    'defaultTokenLifetimeSeconds',
    'refreshTokenLifetimeSeconds',
    'mapProfile',
    'allowInsecureHttp',
  ]);
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(id))
    throw configError(id, 'id', 'must be 1-32 letters, digits, "_" or "-"');
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const tokenEndpointAuth = options.tokenEndpointAuth ?? 'basic';
  if (!AUTH_METHODS.includes(tokenEndpointAuth))
    throw configError(id, 'tokenEndpointAuth', `must be one of ${AUTH_METHODS.join(', ')}`);
  const clientSecret =
    tokenEndpointAuth === 'none' ? read.optionalString('clientSecret') : read.string('clientSecret');
  const clientId = read.string(
    'clientId',
    tokenEndpointAuth === 'basic-raw'
      ? { forbid: /:/, forbidWhy: 'must not contain ":" with basic-raw' }
      : {},
  );
  const tokenUrl = read.url('tokenUrl', allowInsecureHttp);
  const authorization =
    options.authorizationUrl === undefined ? undefined : read.url('authorizationUrl', allowInsecureHttp);
  const userinfo = options.userinfoUrl === undefined ? undefined : read.url('userinfoUrl', allowInsecureHttp);
  const apiBase = options.apiBaseUrl === undefined ? undefined : read.url('apiBaseUrl', allowInsecureHttp);
  const allowPasswordGrant = read.boolean('allowPasswordGrant', false);
  const mapProfile = options.mapProfile;
  if (mapProfile !== undefined && typeof mapProfile !== 'function')
    throw configError(id, 'mapProfile', 'must be a function');

  const grants: GrantType[] = ['client_credentials', 'refresh_token'];
  if (authorization) grants.push('authorization_code');
  if (allowPasswordGrant) grants.push('password');
  const passwordScope = read.optionalString('passwordScope');

  return defineProvider({
    id,
    displayName: read.optionalString('displayName') ?? id,
    clientId,
    clientSecret,
    tokenEndpointAuth,
    endpoints: compact({ token: tokenUrl, authorization, userinfo, apiBase, patronApiBase: apiBase }),
    grants,
    scopes: read.stringList('scopes', []),
    appScope: read.optionalString('appScope'),
    tokenParams: read.stringRecord('tokenParams'),
    authorizationParams: read.stringRecord('authorizationParams'),
    passwordGrant: allowPasswordGrant
      ? {
          ...(passwordScope ? { scope: passwordScope } : {}),
          extraParams: {},
          credentialErrors: ['invalid_grant'],
        }
      : undefined,
    allowPasswordGrant,
    pkce: read.boolean('pkce', true),
    defaultTokenLifetimeSeconds: read.positiveNumber('defaultTokenLifetimeSeconds', 3600),
    refreshTokenLifetimeSeconds: read.positiveNumber('refreshTokenLifetimeSeconds', 30 * 24 * 3600),
    forwardsClientIp: false,
    isTokenRejected: rejectedPerRfc6750,
    patron: {
      async fetchProfile({ provider, getWithPatronToken, tokenRaw, barcode }) {
        const record =
          userinfo && getWithPatronToken
            ? asRecord(await getWithPatronToken(userinfo, 'userinfo request'))
            : asRecord(tokenRaw);
        const mapped: Omit<PatronProfile, 'provider' | 'raw'> & { raw?: unknown } = mapProfile
          ? mapProfile(record)
          : defaultProfile(record);
        if (!mapped.id)
          throw configError(provider.id, 'mapProfile', 'found no patron id; set userinfoUrl or mapProfile');
        return compact({ barcode, ...mapped, provider: provider.id, raw: mapped.raw ?? record });
      },
    },
    allowInsecureHttp,
  });
}

/** OpenID Connect claim names first, then the names library systems commonly use. */
function defaultProfile(record: Record<string, unknown>): Omit<PatronProfile, 'provider' | 'raw'> {
  const user = asRecord(record.user);
  return compact({
    id:
      idString(record.sub) ??
      idString(record.user_id) ??
      idString(record.id) ??
      idString(user.id) ??
      idString(record.patron_id) ??
      '',
    name: firstString(record.name) ?? firstString(record.fullname),
    email: firstString(record.email),
    birthdate: calendarDate(firstString(record.birthdate)),
    barcode: firstString(record.barcode),
  });
}
