// @ils-auth/core/extend: the building blocks beneath createPatronAuth() and createClient(), for code that
// extends ils-auth: a provider descriptor of its own (defineProvider and the descriptor's parts, the
// profile mappers, the app-auth schemes), a token store of its own, or the OAuth grants driven by hand
// (the `ils-auth` command does). An application that only uses the providers needs none of it.

export type { CredentialAttachment, OutgoingRequest } from '../client/app-auth/outgoing-request.js';
export {
  type PwsKey,
  pwsHeaders,
  pwsStringToSign,
  type SignedRequest,
} from '../client/app-auth/request-signing.js';
export type { SessionLoginAuthentication, SessionLoginContext } from '../client/app-auth/session-login.js';
export type { StaticKeyAuthentication } from '../client/app-auth/static-key.js';
export { DEFAULT_USER_AGENT } from '../client/client-options.js';
export type { ProviderErrorBody } from '../errors/ils-auth-error.js';
export { errorFromAnswer, type ProviderAnswer, readProviderErrorBody } from '../errors/provider-error.js';
export { type AuthChallenge, parseWwwAuthenticate } from '../errors/www-authenticate.js';
export {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type CodeExchange,
  createAuthorizationRequest,
  exchangeAuthorizationCode,
} from '../grants/authorization-code.js';
export { clientCredentialsGrant } from '../grants/client-credentials.js';
export type { GrantContext } from '../grants/grant-context.js';
export { callbackParams, parseCallback } from '../grants/parse-callback.js';
export { type PasswordCredentials, passwordGrant } from '../grants/password.js';
export { createPkcePair, type PkcePair } from '../grants/pkce.js';
export { refreshTokenGrant } from '../grants/refresh-token.js';
export { type RevocableToken, revokeToken } from '../grants/revocation.js';
export { publishEvent } from '../observability/events.js';
export { PATRON_BLOCK_REASONS, type PatronBlockReason } from '../patrons/block-reasons.js';
export type { PatronBlock, PatronFines, PatronInstitution } from '../patrons/patron-profile.js';
export { mapAlmaUser } from '../providers/alma-patron.js';
export { defineProvider } from '../providers/define-provider.js';
export { discoverProvider } from '../providers/discovery.js';
export { type EvergreenEvent, eventOf, gatewayForm } from '../providers/evergreen-gateway.js';
export { mapEvergreenUser } from '../providers/evergreen-patron.js';
export { type FolioPatronLoginField, mapFolioUser } from '../providers/folio-patron.js';
export { mapKohaPatron } from '../providers/koha-patron.js';
export { mapPolarisPatron } from '../providers/polaris-patron.js';
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
  ProviderDiscovery,
  ProviderEndpoints,
  ServerMetadata,
  TokenEndpointAuthMethod,
  TokenRejectionTest,
} from '../providers/provider-descriptor.js';
export { mapReroPatron } from '../providers/rero-patron.js';
export { mapSierraPatron } from '../providers/sierra-patron.js';
export { mapSymphonyPatron } from '../providers/symphony-patron.js';
export { anyUnauthorized, rejectedPerRfc6750 } from '../providers/token-rejection.js';
export { checkSip2Server, type Sip2CheckName, type Sip2CheckResult } from '../sip2/check-sip2-server.js';
export {
  SIP2_DIALECTS,
  type Sip2Dialect,
  type Sip2DialectName,
  type Sip2Refusal,
} from '../sip2/sip2-dialect.js';
export type { Sip2Encoding } from '../sip2/sip2-encoding.js';
export type { Sip2Timeouts, Sip2TlsOptions } from '../sip2/sip2-options.js';
export { SIP2_STATUS_FLAGS, type Sip2StatusFlag } from '../sip2/sip2-status-flags.js';
export { isStoreUnavailable, storeUnavailable } from '../store/store-unavailable.js';
export type { CounterValue } from '../store/token-store.js';
export type { SerializedTokenSet, TokenSetInit } from '../tokens/token-set.js';
