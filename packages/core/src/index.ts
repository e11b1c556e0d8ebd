// @ils-auth/core: what an application uses. Writing a provider or a store, or driving the grants by hand,
// is `@ils-auth/core/extend`; building a framework integration is `@ils-auth/core/web`. The names of each
// entry are pinned in `public-api.test.ts`.

export type { IlsRequestInit } from './client/authorized-fetch.js';
export type { ClientOptions } from './client/client-options.js';
export { createClient, type IlsClient } from './client/create-client.js';
export type { IlsAuthErrorCode } from './errors/error-codes.js';
export { httpStatusFor } from './errors/http-status.js';
export { IlsAuthError, isIlsAuthError } from './errors/ils-auth-error.js';
export { PatronRefusedError } from './errors/patron-refused-error.js';
export type { AuthorizationTransaction } from './grants/authorization-code.js';
export type { Logger } from './internal/logger.js';
export { type IlsAuthEvent, onIlsAuthEvent } from './observability/events.js';
export { type HealthReport, healthReport } from './observability/health.js';
export { createPatronAuth } from './patrons/create-patron-auth.js';
export type {
  PatronAuth,
  PatronAuthOptions,
  ProfileSignInOptions,
  SignInOptions,
} from './patrons/patron-auth.js';
export type { PatronCredentials } from './patrons/patron-credentials.js';
export type { PatronProfile } from './patrons/patron-profile.js';
export type { PatronSession, SignedInPatronSession } from './patrons/patron-session.js';
export { type AlmaOptions, alma } from './providers/alma.js';
export { type EvergreenOptions, evergreen } from './providers/evergreen.js';
export { gatewayCall } from './providers/evergreen-gateway.js';
export { type FolioOptions, folio } from './providers/folio.js';
export { type KohaOptions, koha } from './providers/koha.js';
export { type OAuth2Options, oauth2 } from './providers/oauth2.js';
export { type OverDriveOptions, overdrive } from './providers/overdrive.js';
export { type PolarisOptions, polaris } from './providers/polaris.js';
export type { ProviderDescriptor } from './providers/provider-descriptor.js';
export { type ReroOptions, rero } from './providers/rero.js';
export { type SierraOptions, sierra } from './providers/sierra.js';
export { sip2 } from './providers/sip2.js';
export { type SymphonyOptions, symphony } from './providers/symphony.js';
export type { Sip2Options } from './sip2/sip2-options.js';
export { closeSip2Connections } from './sip2/sip2-pools.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory-store.js';
export type { TokenStore } from './store/token-store.js';
export { TokenSet } from './tokens/token-set.js';
