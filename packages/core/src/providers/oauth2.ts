import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { defineProvider } from './define-provider.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type {
  GrantType,
  OpenIdSettings,
  PatronOperations,
  ProviderDescriptor,
  ServerMetadata,
  TokenEndpointAuthMethod,
} from './provider-descriptor.js';
import { rejectedPerRfc6750 } from './token-rejection.js';
import { OptionReader } from './validate-options.js';

export interface OAuth2Options {
  /** Id used in store keys, errors and profiles. Default `oauth2`; give each server its own. */
  id?: string;
  displayName?: string;
  /**
   * The server's issuer identifier (`https://sso.example.org/realms/library`). Its metadata (RFC 8414 or
   * OpenID Connect Discovery) fills every endpoint not given below, callbacks must carry it as `iss`
   * (RFC 9207), and id_tokens must name it.
   */
  issuer?: string;
  /**
   * Refuse callbacks without `iss` (RFC 9207). Default: as the issuer's metadata says
   * (`authorization_response_iss_parameter_supported`). An `iss` that is present must always be the issuer.
   */
  requireIssuerInCallback?: boolean;
  /** Required without `issuer`. */
  tokenUrl?: string;
  authorizationUrl?: string;
  /** Returns the signed-in user's record for the profile (OpenID Connect userinfo or similar). */
  userinfoUrl?: string;
  /** RFC 7009 revocation endpoint; logout revokes the patron's tokens there. */
  revocationUrl?: string;
  /** Relative `fetch()` paths resolve here. */
  apiBaseUrl?: string;
  clientId: string;
  clientSecret?: string;
  /**
   * Default: with `issuer`, the first of `basic` and `post` the server supports (`none` without a
   * secret); otherwise `basic` (RFC 6749 §2.3.1). `none` for public clients.
   */
  tokenEndpointAuth?: TokenEndpointAuthMethod;
  /** Scopes of the authorization URL. With `openid`, sign-ins are OpenID Connect ones (needs `issuer`). */
  scopes?: readonly string[] | string;
  /** Scope of client-credentials requests. */
  appScope?: string;
  /** Extra form parameters for every token request. */
  tokenParams?: Record<string, string>;
  /** Extra query parameters for the authorization URL. */
  authorizationParams?: Record<string, string>;
  /** PKCE S256 in the code flow. Default true; a server whose metadata offers no S256 is refused. */
  pkce?: boolean;
  /** Allow the legacy password grant (RFC 9700 §2.4): only where the server offers nothing else. */
  allowPasswordGrant?: boolean;
  /** Scope sent with password-grant requests. */
  passwordScope?: string;
  /** Default lifetime when a token response has no `expires_in`, in seconds. Default 3600. */
  defaultTokenLifetimeSeconds?: number;
  refreshTokenLifetimeSeconds?: number;
  /** How long the issuer's metadata is used before it is read again, in seconds. Default 3600. */
  discoveryMaxAgeSeconds?: number;
  /** id_token signature algorithms accepted. Default: the asymmetric ones the metadata lists, else RS256. */
  idTokenAlgorithms?: readonly string[];
  /**
   * Maps the profile record to a profile: the userinfo body and id_token claims, or, without either, the
   * token response (less its tokens, which never leave the token set).
   */
  mapProfile?: (
    record: Record<string, unknown>,
  ) => Omit<PatronProfile, 'provider' | 'raw'> & { raw?: unknown };
  allowInsecureHttp?: boolean;
}

const OPTION_NAMES: readonly (keyof OAuth2Options)[] = [
  'id',
  'displayName',
  'issuer',
  'requireIssuerInCallback',
  'tokenUrl',
  'authorizationUrl',
  'userinfoUrl',
  'revocationUrl',
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
  'discoveryMaxAgeSeconds',
  'idTokenAlgorithms',
  'mapProfile',
  'allowInsecureHttp',
];

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['basic', 'basic-raw', 'post', 'none'];

/** Our method names as RFC 8414 `token_endpoint_auth_methods_supported` spells them. */
const METADATA_AUTH_METHOD: Record<TokenEndpointAuthMethod, string> = {
  basic: 'client_secret_basic',
  'basic-raw': 'client_secret_basic',
  post: 'client_secret_post',
  none: 'none',
};

/** Signature algorithms an id_token may use: public-key ones only, so a client secret can never sign one. */
const ASYMMETRIC_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** Tolerated clock difference between us and the server for an id_token's `exp` and `iat`. */
const ID_TOKEN_CLOCK_TOLERANCE_SECONDS = 60;

type ProfileMapper = NonNullable<OAuth2Options['mapProfile']>;

/** The options as checked once at construction; `undefined` means "not set: the server's metadata may say". */
type OAuth2Settings = Omit<OAuth2Options, 'scopes' | 'idTokenAlgorithms' | 'mapProfile'> &
  Required<
    Pick<
      OAuth2Options,
      | 'id'
      | 'displayName'
      | 'allowPasswordGrant'
      | 'defaultTokenLifetimeSeconds'
      | 'refreshTokenLifetimeSeconds'
      | 'discoveryMaxAgeSeconds'
      | 'allowInsecureHttp'
    >
  > & {
    scopes: readonly string[];
    tokenParams: Readonly<Record<string, string>>;
    authorizationParams: Readonly<Record<string, string>>;
    idTokenAlgorithms?: readonly string[];
    mapProfile?: ProfileMapper;
  };

/**
 * Any standard OAuth 2.0 or OpenID Connect server (Keycloak, FOLIO gateways, an ILS's own server), built
 * from the same pieces as the named providers. Grants follow from the endpoints, given or discovered.
 */
export function oauth2(options: OAuth2Options): ProviderDescriptor {
  const settings = readSettings(options);
  if (settings.issuer === undefined) return describe(settings);
  const issuer = settings.issuer;
  return describe(settings, undefined, {
    issuer,
    maxAgeSeconds: settings.discoveryMaxAgeSeconds,
    complete: (metadata) => describe(settings, metadata),
  });
}

function readSettings(options: OAuth2Options): OAuth2Settings {
  const id = typeof options?.id === 'string' ? options.id : 'oauth2';
  const read = new OptionReader(id, options as unknown as Record<string, unknown>);
  read.rejectUnknown(OPTION_NAMES);
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(id))
    throw configError(id, 'id', 'must be 1-32 letters, digits, "_" or "-"');
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const optionalUrl = (name: keyof OAuth2Options) =>
    options[name] === undefined ? undefined : read.url(name, allowInsecureHttp);
  const issuer =
    options.issuer === undefined ? undefined : readIssuer(read, options.issuer, allowInsecureHttp);
  const tokenEndpointAuth = options.tokenEndpointAuth;
  if (tokenEndpointAuth !== undefined && !AUTH_METHODS.includes(tokenEndpointAuth))
    throw configError(id, 'tokenEndpointAuth', `must be one of ${AUTH_METHODS.join(', ')}`);
  // With an issuer and no method, a client without a secret is a public one.
  const secretOptional =
    tokenEndpointAuth === 'none' || (issuer !== undefined && tokenEndpointAuth === undefined);
  const clientSecret = secretOptional ? read.optionalString('clientSecret') : read.string('clientSecret');
  const clientId = read.string(
    'clientId',
    tokenEndpointAuth === 'basic-raw'
      ? { forbid: /:/, forbidWhy: 'must not contain ":" with basic-raw' }
      : {},
  );
  const mapProfile = options.mapProfile;
  if (mapProfile !== undefined && typeof mapProfile !== 'function')
    throw configError(id, 'mapProfile', 'must be a function');
  const scopes = read.stringList('scopes', []);
  if (scopes.includes('openid') && issuer === undefined)
    throw configError(
      id,
      'issuer',
      'is required with the openid scope: id_tokens are checked against it and its keys',
    );
  if (options.requireIssuerInCallback !== undefined && issuer === undefined)
    throw configError(id, 'requireIssuerInCallback', 'needs issuer: it is the iss a callback must carry');
  const idTokenAlgorithms =
    options.idTokenAlgorithms === undefined ? undefined : read.stringList('idTokenAlgorithms', []);
  const unsafe = idTokenAlgorithms?.find((algorithm) => !ASYMMETRIC_ALGORITHMS.has(algorithm));
  if (unsafe !== undefined)
    throw configError(id, 'idTokenAlgorithms', `must list public-key algorithms only, not ${unsafe}`);
  return compact({
    id,
    displayName: read.optionalString('displayName') ?? id,
    issuer,
    tokenUrl: issuer === undefined ? read.url('tokenUrl', allowInsecureHttp) : optionalUrl('tokenUrl'),
    authorizationUrl: optionalUrl('authorizationUrl'),
    userinfoUrl: optionalUrl('userinfoUrl'),
    revocationUrl: optionalUrl('revocationUrl'),
    apiBaseUrl: optionalUrl('apiBaseUrl'),
    clientId,
    clientSecret,
    tokenEndpointAuth,
    scopes,
    appScope: read.optionalString('appScope'),
    tokenParams: read.stringRecord('tokenParams'),
    authorizationParams: read.stringRecord('authorizationParams'),
    pkce: options.pkce === undefined ? undefined : read.boolean('pkce', true),
    allowPasswordGrant: read.boolean('allowPasswordGrant', false),
    passwordScope: read.optionalString('passwordScope'),
    defaultTokenLifetimeSeconds: read.positiveNumber('defaultTokenLifetimeSeconds', 3600),
    refreshTokenLifetimeSeconds: read.positiveNumber('refreshTokenLifetimeSeconds', 30 * 24 * 3600),
    discoveryMaxAgeSeconds: read.positiveNumber('discoveryMaxAgeSeconds', 3600),
    idTokenAlgorithms,
    mapProfile,
    allowInsecureHttp,
    requireIssuerInCallback:
      options.requireIssuerInCallback === undefined
        ? undefined
        : read.boolean('requireIssuerInCallback', false),
  });
}

/** The issuer is compared character for character with the metadata's and the callback's, so it is kept as given. */
function readIssuer(read: OptionReader, issuer: unknown, allowInsecureHttp: boolean): string {
  read.url('issuer', allowInsecureHttp);
  const url = new URL(issuer as string);
  if (url.search) throw configError(read.provider, 'issuer', 'must not contain a query (RFC 8414 §2)');
  return issuer as string;
}

/**
 * The descriptor for the settings, completed from the server's metadata when there is some. Before the
 * metadata was read (`discovery` set) it describes what is known and core reads the metadata before use.
 */
function describe(
  settings: OAuth2Settings,
  metadata?: ServerMetadata,
  discovery?: ProviderDescriptor['discovery'],
): ProviderDescriptor {
  const { id } = settings;
  const discovering = discovery !== undefined;
  const token = settings.tokenUrl ?? metadata?.token_endpoint;
  if (token === undefined && !discovering)
    throw configError(id, 'tokenUrl', "is required: the issuer's metadata names no token_endpoint");
  const authorization = settings.authorizationUrl ?? metadata?.authorization_endpoint;
  const userinfo = settings.userinfoUrl ?? metadata?.userinfo_endpoint;
  const openIdScope = settings.scopes.includes('openid');
  const openId = openIdScope ? openIdSettings(settings, metadata) : undefined;
  if (openIdScope && metadata && !metadata.jwks_uri)
    throw configError(
      id,
      'issuer',
      "has metadata without jwks_uri: the id_tokens' signatures cannot be checked",
    );

  const grants: GrantType[] = ['client_credentials', 'refresh_token'];
  if (authorization || discovering) grants.push('authorization_code');
  if (settings.allowPasswordGrant) grants.push('password');
  const signsPatronsIn = grants.includes('authorization_code') || settings.allowPasswordGrant;
  const hasProfileSource = Boolean(userinfo || settings.mapProfile || openIdScope);
  if (metadata && signsPatronsIn && !hasProfileSource)
    throw configError(
      id,
      'userinfoUrl',
      "is required to sign patrons in (or mapProfile, or the openid scope): the issuer's metadata names no userinfo_endpoint",
    );

  return defineProvider({
    id,
    displayName: settings.displayName,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    tokenEndpointAuth: authMethod(settings, metadata),
    endpoints: compact({
      token: token ?? '',
      authorization,
      userinfo,
      revocation: settings.revocationUrl ?? metadata?.revocation_endpoint,
      jwks: metadata?.jwks_uri,
      apiBase: settings.apiBaseUrl,
      patronApiBase: settings.apiBaseUrl,
    }),
    grants,
    scopes: settings.scopes,
    appScope: settings.appScope,
    tokenParams: settings.tokenParams,
    authorizationParams: settings.authorizationParams,
    passwordGrant: settings.allowPasswordGrant
      ? {
          ...(settings.passwordScope ? { scope: settings.passwordScope } : {}),
          extraParams: {},
          credentialErrors: ['invalid_grant'],
        }
      : undefined,
    allowPasswordGrant: settings.allowPasswordGrant,
    pkce: pkce(settings, metadata),
    defaultTokenLifetimeSeconds: settings.defaultTokenLifetimeSeconds,
    refreshTokenLifetimeSeconds: settings.refreshTokenLifetimeSeconds,
    forwardsClientIp: false,
    isTokenRejected: rejectedPerRfc6750,
    // Without a way to know who signed in, there are no patron operations: createPatronAuth() says so.
    patron: hasProfileSource || discovering ? profileOperations(settings.mapProfile) : undefined,
    allowInsecureHttp: settings.allowInsecureHttp,
    issuer: settings.issuer,
    issuerRequiredInCallback:
      settings.requireIssuerInCallback ?? metadata?.authorization_response_iss_parameter_supported === true,
    discovery,
    openId,
  });
}

function authMethod(settings: OAuth2Settings, metadata?: ServerMetadata): TokenEndpointAuthMethod {
  const { id, tokenEndpointAuth: explicit } = settings;
  // RFC 8414 §2: a server that lists no methods supports client_secret_basic.
  const supported = metadata?.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (explicit !== undefined) {
    if (metadata && !supported.includes(METADATA_AUTH_METHOD[explicit]))
      throw configError(
        id,
        'tokenEndpointAuth',
        `is ${explicit}, which the server does not support (it lists ${supported.join(', ')})`,
      );
    return explicit;
  }
  if (settings.clientSecret === undefined) {
    if (metadata && !supported.includes('none'))
      throw configError(id, 'clientSecret', 'is required: the server accepts no public clients');
    return 'none';
  }
  if (!metadata || supported.includes('client_secret_basic')) return 'basic';
  if (supported.includes('client_secret_post')) return 'post';
  throw configError(
    id,
    'tokenEndpointAuth',
    `finds no method the server supports (it lists ${supported.join(', ')})`,
  );
}

function pkce(settings: OAuth2Settings, metadata?: ServerMetadata): boolean {
  const wanted = settings.pkce ?? true;
  const methods = metadata?.code_challenge_methods_supported;
  // A server that does not list its methods may still take PKCE; the extra parameters are harmless there.
  if (wanted && methods !== undefined && !methods.includes('S256'))
    throw configError(
      settings.id,
      'pkce',
      `is on, but the server offers no S256 (it lists ${methods.join(', ') || 'nothing'}); set pkce: false only for a server that cannot do PKCE`,
    );
  return wanted;
}

function openIdSettings(settings: OAuth2Settings, metadata?: ServerMetadata): OpenIdSettings {
  const advertised = metadata?.id_token_signing_alg_values_supported?.filter((a) =>
    ASYMMETRIC_ALGORITHMS.has(a),
  );
  return {
    idTokenAlgorithms: settings.idTokenAlgorithms ?? (advertised?.length ? advertised : ['RS256']),
    clockToleranceSeconds: ID_TOKEN_CLOCK_TOLERANCE_SECONDS,
  };
}

function profileOperations(mapProfile: ProfileMapper | undefined): PatronOperations {
  return {
    async fetchProfile({ provider, getWithPatronToken, tokenRaw, barcode, idTokenClaims }) {
      const userinfoUrl = provider.endpoints.userinfo;
      const userinfo =
        userinfoUrl && getWithPatronToken
          ? asRecord(await getWithPatronToken(userinfoUrl, 'userinfo request'))
          : undefined;
      // OpenID Connect Core §5.3.4: a userinfo answer about someone else must not be used.
      if (idTokenClaims && userinfo && userinfo.sub !== idTokenClaims.sub) {
        throw new IlsAuthError(
          'malformed_response',
          `${provider.id}'s userinfo is about another subject than its id_token`,
          {
            provider: provider.id,
          },
        );
      }
      const record = userinfo || idTokenClaims ? { ...idTokenClaims, ...userinfo } : asRecord(tokenRaw);
      const mapped: ReturnType<ProfileMapper> = mapProfile ? mapProfile(record) : defaultProfile(record);
      if (!mapped.id)
        throw configError(provider.id, 'mapProfile', 'found no patron id; set userinfoUrl or mapProfile');
      return compact({ barcode, ...mapped, provider: provider.id, raw: mapped.raw ?? record });
    },
  };
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
