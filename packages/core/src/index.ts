// Providers: what each system is, as data.

export type { CredentialAttachment, OutgoingRequest } from './client/app-auth/outgoing-request.js';
export {
  type PwsKey,
  pwsHeaders,
  pwsStringToSign,
  type SignedRequest,
} from './client/app-auth/request-signing.js';
export type { SessionLoginAuthentication, SessionLoginContext } from './client/app-auth/session-login.js';
export type { StaticKeyAuthentication } from './client/app-auth/static-key.js';
export type { IlsRequestInit } from './client/authorized-fetch.js';
export type { ClientOptions } from './client/client-options.js';
export { DEFAULT_USER_AGENT } from './client/client-options.js';
// Application tokens.
export { createClient, type IlsClient } from './client/create-client.js';
export type { BackoffState, ClientRefusal } from './client/provider-backoff.js';
export { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from './client/refresh-policy.js';
export { ERROR_CODES, type IlsAuthErrorCode } from './errors/error-codes.js';
export { httpStatusFor, mustSignInAgain } from './errors/http-status.js';
// Errors.
export {
  IlsAuthError,
  type IlsAuthErrorOptions,
  isIlsAuthError,
  type ProviderErrorBody,
} from './errors/ils-auth-error.js';
// SIP2.
export { PatronRefusedError } from './errors/patron-refused-error.js';
export { errorFromAnswer, type ProviderAnswer, readProviderErrorBody } from './errors/provider-error.js';
export { type AuthChallenge, parseWwwAuthenticate } from './errors/www-authenticate.js';
export {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type AuthorizationTransaction,
  type CodeExchange,
  createAuthorizationRequest,
  exchangeAuthorizationCode,
} from './grants/authorization-code.js';
export { basicAuthorization } from './grants/client-authentication.js';
// Grants, one per module, for applications that drive the flows themselves.
export { clientCredentialsGrant } from './grants/client-credentials.js';
export type { GrantContext } from './grants/grant-context.js';
export { callbackParams, DEFAULT_TRANSACTION_MAX_AGE_MS, parseCallback } from './grants/parse-callback.js';
export { type PasswordCredentials, passwordGrant } from './grants/password.js';
export { createPkcePair, type PkcePair } from './grants/pkce.js';
export { refreshTokenGrant } from './grants/refresh-token.js';
export { type RevocableToken, revokeToken } from './grants/revocation.js';
export type { Clock } from './internal/clock.js';
export type { Logger } from './internal/logger.js';
// Observability.
export {
  EVENTS_CHANNEL,
  type IlsAuthEvent,
  type IlsAuthEventType,
  onIlsAuthEvent,
  publishEvent,
} from './observability/events.js';
export { type HealthReport, healthReport, type TokenHealth } from './observability/health.js';
export { PATRON_BLOCK_REASONS, type PatronBlockReason } from './patrons/block-reasons.js';
// Patrons.
export {
  createPatronAuth,
  type PatronAuth,
  type PatronAuthOptions,
  type ProfileSignInOptions,
  type SignInOptions,
} from './patrons/create-patron-auth.js';
export { checkPatronCredentials, type PatronCredentials } from './patrons/patron-credentials.js';
export type {
  PatronBlock,
  PatronFines,
  PatronInstitution,
  PatronProfile,
} from './patrons/patron-profile.js';
export type { PatronSession, SignedInPatronSession } from './patrons/patron-session.js';
export { type AlmaOptions, alma } from './providers/alma.js';
export { mapAlmaUser } from './providers/alma-patron.js';
export { defineProvider } from './providers/define-provider.js';
export { discoverProvider } from './providers/discovery.js';
export { type EvergreenOptions, evergreen } from './providers/evergreen.js';
export {
  type EvergreenEvent,
  eventOf,
  gatewayCall,
  gatewayForm,
} from './providers/evergreen-gateway.js';
export { mapEvergreenUser } from './providers/evergreen-patron.js';
export { type FolioOptions, folio } from './providers/folio.js';
export { type FolioPatronLoginField, mapFolioUser } from './providers/folio-patron.js';
export { type KohaOptions, koha } from './providers/koha.js';
export { mapKohaPatron } from './providers/koha-patron.js';
export { type OAuth2Options, oauth2 } from './providers/oauth2.js';
export { type OverDriveOptions, overdrive } from './providers/overdrive.js';
export { type PolarisOptions, polaris } from './providers/polaris.js';
export { mapPolarisPatron } from './providers/polaris-patron.js';
export type {
  AppAuthentication,
  BackoffRunner,
  GrantType,
  JsonGetter,
  OpenIdSettings,
  PatronOperations,
  PinCheckContext,
  PinCheckResult,
  ProfileContext,
  ProviderDescriptor,
  ProviderDiscovery,
  ProviderEndpoints,
  ServerMetadata,
  TokenEndpointAuthMethod,
  TokenRejectionTest,
} from './providers/provider-descriptor.js';
export { RERO_DEFAULT_SCOPES, type ReroOptions, rero } from './providers/rero.js';
export { mapReroPatron } from './providers/rero-patron.js';
export { type SierraOptions, sierra } from './providers/sierra.js';
export { mapSierraPatron } from './providers/sierra-patron.js';
export { sip2 } from './providers/sip2.js';
export { type SymphonyOptions, symphony } from './providers/symphony.js';
export { mapSymphonyPatron } from './providers/symphony-patron.js';
export { anyUnauthorized, rejectedPerRfc6750 } from './providers/token-rejection.js';
export { checkSip2Server, type Sip2CheckName, type Sip2CheckResult } from './sip2/check-sip2-server.js';
export {
  SIP2_DIALECTS,
  type Sip2Dialect,
  type Sip2DialectName,
  type Sip2Refusal,
} from './sip2/sip2-dialect.js';
export type { Sip2Encoding } from './sip2/sip2-encoding.js';
export type { Sip2Options, Sip2Timeouts, Sip2TlsOptions } from './sip2/sip2-options.js';
export { closeSip2Connections } from './sip2/sip2-pools.js';
export { SIP2_STATUS_FLAGS, type Sip2StatusFlag } from './sip2/sip2-status-flags.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory-store.js';
export {
  isStoreUnavailable,
  STORE_RETRY_AFTER_SECONDS,
  storeUnavailable,
} from './store/store-unavailable.js';
export type { CounterValue, TokenStore } from './store/token-store.js';
export { MAX_TOKEN_LIFETIME_SECONDS, parseTokenResponse } from './tokens/parse-token-response.js';
// Tokens and stores.
export { type SerializedTokenSet, TokenSet, type TokenSetInit } from './tokens/token-set.js';
export {
  DEFAULT_BARCODE_LIMIT,
  DEFAULT_IP_LIMIT,
  LoginThrottle,
  type ThrottleAttempt,
  type ThrottleLimit,
} from './web/login-throttle.js';
export {
  DEFAULT_IPV6_PREFIX_LENGTH,
  type IpThrottleLimit,
  throttleAddressKey,
} from './web/throttle-address-key.js';
