import type { SessionLoginAuthentication } from '../client/app-auth/session-login.js';
import type { StaticKeyAuthentication } from '../client/app-auth/static-key.js';
import type { ErrorCodeMapper, ProviderAnswer } from '../errors/provider-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import type { Clock } from '../internal/clock.js';
import type { PatronProfile } from '../patrons/patron-profile.js';

/**
 * How the client proves who it is at the token endpoint:
 * - `basic`: RFC 6749 §2.3.1, id and secret form-encoded, then `Basic base64(id:secret)`.
 * - `basic-raw`: `Basic base64(id:secret)` of the raw values, as Sierra and OverDrive require
 *   (a Sierra key with `+` gives a different, refused header under `basic`).
 * - `post`: `client_id` and `client_secret` in the form body, as RERO ILS requires.
 * - `none`: a public client; `client_id` in the body only.
 */
export type TokenEndpointAuthMethod = 'basic' | 'basic-raw' | 'post' | 'none';

export type GrantType = 'client_credentials' | 'password' | 'authorization_code' | 'refresh_token';

/** A provider's answer to a resource call, for deciding whether the token was refused. */
export type TokenRejectionTest = (answer: ProviderAnswer) => boolean;

/**
 * What a provider descriptor can do with patron data. Each function is small and named after what it does;
 * it receives ready-made authorized fetchers, so it never handles a token itself.
 */
export interface PatronOperations {
  /** Builds the profile of a signed-in patron. */
  fetchProfile(context: ProfileContext): Promise<PatronProfile>;
  /**
   * For providers whose patrons sign in by barcode + PIN: verifies them (with the app token, as Sierra does,
   * or over the provider's own transport, as SIP2 does) and returns the patron's record id, with the profile
   * when the check already read it (SIP2's answer carries the record). Throws `invalid_credentials` when
   * they are wrong.
   */
  checkPin?(context: PinCheckContext): Promise<PinCheckResult>;
  /**
   * For providers whose token response names the patron (RERO ILS: `user.id`): the patron's record id, so a
   * code-flow session knows who signed in even when no profile is read.
   */
  patronIdFromTokenResponse?(raw: Readonly<Record<string, unknown>>): string | undefined;
}

export interface PinCheckResult {
  patronId: string;
  /** The profile, when the check read it anyway; the sign-in then reads no other. */
  profile?: PatronProfile;
}

/**
 * Runs one request to the provider behind the provider backoff of `key` (shared in the process and, through
 * the store, the cluster): while the provider is down, callers fail fast with `provider_unavailable`.
 */
/**
 * Runs `request` behind the provider backoff of `key`; `admit()` fails fast if an outage began while the
 * request waited (call it before reaching the provider after a wait).
 */
export type BackoffRunner = <T>(key: string, request: (admit: () => void) => Promise<T>) => Promise<T>;

/**
 * How the application authenticates to the provider's API. Absent: OAuth 2.0 client credentials (the
 * `client_credentials` grant). `none`: the provider has no API for the application; `createClient()`
 * refuses it with `reason`. `static-key`: a key attached to every call (Alma). `session-login`: a staff or
 * API user's login that yields a token (FOLIO, Symphony, Evergreen, Polaris's staff session), with the
 * same lifecycle as an OAuth app token.
 */
export type AppAuthentication =
  | { readonly scheme: 'none'; readonly reason: string }
  | StaticKeyAuthentication
  | SessionLoginAuthentication;

/**
 * Any request with the application's credential (a system whose calls are not JSON GETs: Alma's password
 * in a header, Evergreen's gateway form); resolves with the answer, whatever its status.
 */
export type AppRequester = (url: string, init: RequestInit, purpose: string) => Promise<ProviderAnswer>;

/** Something that makes an authorized JSON GET and returns the parsed body (errors already typed). */
export type JsonGetter = (url: string, purpose: string) => Promise<unknown>;

export interface ProfileContext {
  provider: ProviderDescriptor;
  /** GET with the patron's own token (code or password flows); absent for sessions signed in by PIN check. */
  getWithPatronToken?: JsonGetter;
  /** GET with the application's token. */
  getWithAppToken: JsonGetter;
  /** Any request with the application's credential; absent in callers made before it existed. */
  requestWithAppToken?: AppRequester;
  /** The patron's record id when the login already told us (Sierra PIN check). */
  patronId?: string;
  /** The barcode or card number the patron typed, when they typed one. */
  barcode?: string;
  /** The token response of the patron's login, for providers that put the patron id in it. */
  tokenRaw?: Readonly<Record<string, unknown>>;
  /** The claims of the patron's id_token, already validated (OpenID Connect sign-ins only). */
  idTokenClaims?: Readonly<Record<string, unknown>>;
  withBackoff: BackoffRunner;
  /** The auth's clock; absent in callers made before it existed (the system clock then). */
  now?: Clock;
}

export interface PinCheckContext {
  provider: ProviderDescriptor;
  barcode: string;
  pin: string;
  /**
   * POST JSON with the application's token; resolves with the answer, whatever its status. The app client
   * is made on first use, so a check that never calls it needs no OAuth client.
   */
  postWithAppToken(url: string, body: unknown, purpose: string): Promise<ProviderAnswer>;
  /** Absent in callers made before it existed (a check that needs it then refuses with `config_invalid`). */
  requestWithAppToken?: AppRequester;
  /**
   * The caller's fetch, timeouts and clock, for a check that logs the patron in over the system's own
   * login without the application's credential (FOLIO). Absent in callers made before it existed.
   */
  grant?: GrantContext;
  getWithAppToken: JsonGetter;
  withBackoff: BackoffRunner;
}

export interface ProviderEndpoints {
  /** Token endpoint for client credentials, code exchange and refresh. */
  readonly token: string;
  /** Authorization endpoint for the code flow. */
  readonly authorization?: string;
  /** A separate token endpoint for the password grant (OverDrive's `/patrontoken`). */
  readonly passwordToken?: string;
  /** Relative paths given to `client.fetch()` resolve against this. */
  readonly apiBase?: string;
  /** Base of patron-token API calls, when it differs (OverDrive's patron API host). */
  readonly patronApiBase?: string;
  /** OpenID Connect-style userinfo endpoint (generic provider). */
  readonly userinfo?: string;
  /** RFC 7009 token revocation endpoint: logout revokes the patron's tokens there. */
  readonly revocation?: string;
  /** The JSON Web Key Set that signs the provider's id_tokens (OpenID Connect). */
  readonly jwks?: string;
  /** Where the provider describes the token it is shown (Sierra's `/info/token`): what `ils-auth doctor` checks. */
  readonly tokenInfo?: string;
  /**
   * A patron-API call that succeeds for any application allowed to read patrons, naming no patron (Koha: the
   * first patron of `/patrons`): what `ils-auth doctor`'s patron API check makes, so that a key lacking the
   * permission fails it rather than passing on a reachable host.
   */
  readonly patronApiCheck?: string;
}

/** The server's authorization-server metadata (RFC 8414 §2, OpenID Connect Discovery §3), as read. */
export interface ServerMetadata {
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly userinfo_endpoint?: string;
  readonly revocation_endpoint?: string;
  readonly jwks_uri?: string;
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  readonly id_token_signing_alg_values_supported?: readonly string[];
  readonly authorization_response_iss_parameter_supported?: boolean;
}

/**
 * A descriptor whose endpoints come from its issuer's metadata. Core reads the metadata before the first
 * use (cached, refreshed after `maxAgeSeconds`) and works with `complete(metadata)`: a descriptor where
 * what the application set explicitly wins over what the server advertises.
 */
export interface ProviderDiscovery {
  readonly issuer: string;
  readonly maxAgeSeconds: number;
  complete(metadata: ServerMetadata): ProviderDescriptor;
}

/** OpenID Connect settings of a descriptor; its id_tokens are checked against them. */
export interface OpenIdSettings {
  /** Signature algorithms accepted for id_tokens; never `none` nor a shared-secret (HS*) one. */
  readonly idTokenAlgorithms: readonly string[];
  /** Seconds of clock difference tolerated on `exp` and `iat`. */
  readonly clockToleranceSeconds: number;
}

/**
 * Everything ils-auth knows about one system, as data. Quirks live here, as values or small named
 * functions, so shared code never asks which provider it is talking to.
 */
export interface ProviderDescriptor {
  /** Stable id used in store keys, errors and profiles: `sierra`, `overdrive`, `rero`, or your own. */
  readonly id: string;
  /** Human name for messages: "Sierra", "OverDrive". */
  readonly displayName: string;
  readonly clientId: string;
  /** How the application authenticates to the API; absent: OAuth 2.0 client credentials. */
  readonly appAuth?: AppAuthentication;
  /** Not enumerable and never printed; see `clientSecretOf()`. */
  readonly clientSecret?: string;
  readonly tokenEndpointAuth: TokenEndpointAuthMethod;
  readonly endpoints: ProviderEndpoints;
  /**
   * Grants the provider supports. Patrons sign in by the code flow when `authorization_code` is listed,
   * by barcode + PIN when `patron.checkPin` exists (Sierra) or `password` is listed (OverDrive).
   */
  readonly grants: readonly GrantType[];
  /** Scopes requested in the authorization URL. */
  readonly scopes: readonly string[];
  /** Scope sent with client-credentials token requests, if any. */
  readonly appScope?: string;
  /** Extra form parameters sent with every token request. */
  readonly tokenParams: Readonly<Record<string, string>>;
  /** Extra query parameters of the authorization URL. */
  readonly authorizationParams: Readonly<Record<string, string>>;
  /** Password grant specifics: OverDrive's `websiteid:… authorizationname:…` scope and PIN-less collections. */
  readonly passwordGrant?: {
    readonly scope?: string;
    readonly extraParams: Readonly<Record<string, string>>;
    /** The collection needs no PIN: send `placeholderPassword` when the patron gives none. */
    readonly placeholderPassword?: string;
    /** Token-endpoint error codes that mean "wrong card number or PIN" (OverDrive: `unauthorized_client`). */
    readonly credentialErrors: readonly string[];
  };
  /** The legacy password grant only runs when the application opted in (RFC 9700 §2.4). */
  readonly allowPasswordGrant: boolean;
  /** PKCE S256 in the code flow; off only where the server rejects the extra parameters. */
  readonly pkce: boolean;
  /** Used when a token response has no `expires_in`. */
  readonly defaultTokenLifetimeSeconds: number;
  /** How long a refresh token lives (RERO: 30 days); bounds how long a refreshable patron session is kept. */
  readonly refreshTokenLifetimeSeconds?: number;
  /** Send the end user's IP as `X-Forwarded-For` on API calls that are made for a patron (Sierra asks for it). */
  readonly forwardsClientIp: boolean;
  /** Whether a 401 on a resource call means "this token is no longer good". */
  readonly isTokenRejected: TokenRejectionTest;
  /** Maps the provider's own error codes onto ours. */
  readonly mapErrorCode?: ErrorCodeMapper;
  readonly patron?: PatronOperations;
  /** http:// to a non-loopback host was explicitly allowed. */
  readonly allowInsecureHttp: boolean;
  /**
   * The authorization server's issuer identifier. When set, an `iss` in an authorization response must be
   * this one (RFC 9207), and id_tokens must name it.
   */
  readonly issuer?: string;
  /** A callback without `iss` is refused too: the server said it sends one (RFC 9207 §2.4). */
  readonly issuerRequiredInCallback?: boolean;
  /** Present until the issuer's metadata was read; core completes the descriptor before using it. */
  readonly discovery?: ProviderDiscovery;
  /** OpenID Connect: present when the descriptor can validate id_tokens (issuer and keys known). */
  readonly openId?: OpenIdSettings;
}
