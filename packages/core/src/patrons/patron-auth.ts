import type { IlsRequestInit } from '../client/authorized-fetch.js';
import type { ClientOptions } from '../client/client-options.js';
import type { IlsClient } from '../client/create-client.js';
import type {
  AuthorizationRequest,
  AuthorizationRequestOptions,
  AuthorizationTransaction,
} from '../grants/authorization-code.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { PatronCredentials } from './patron-credentials.js';
import type { PatronProfile } from './patron-profile.js';
import type { PatronSession, SignedInPatronSession } from './patron-session.js';

export interface PatronAuthOptions extends ClientOptions {
  /** The app-token client to use for PIN checks and record lookups; default: one made from the same options. */
  appClient?: IlsClient;
  /** Default redirect URI of `authorizationUrl()`. */
  redirectUri?: string;
  /** How long a session without a patron token (Sierra barcode + PIN) lasts, in seconds. Default 3600. */
  sessionTtlSeconds?: number;
  /** How long a patron may take on the provider's login page, in seconds. Default 600. */
  transactionMaxAgeSeconds?: number;
  /**
   * Binds sessions to this label: a session started here is read only by a `PatronAuth` with the same
   * `sessionScope`, and one without a scope only where none is set. For several patron auths of one
   * provider (the web layer sets it to each one's configured name when two names share a descriptor), so
   * that a session of one cannot be passed off as a session of the other. Default none.
   */
  sessionScope?: string;
}

export interface SignInOptions {
  /** The patron's IP address, forwarded to providers that want it (Sierra's `X-Forwarded-For`). */
  clientIp?: string;
  /** Read the patron's profile at sign-in and keep it in the session. Default true. */
  fetchProfile?: boolean;
}

/** Sign-in options that keep the default `fetchProfile`: the session then has the patron's profile. */
export type ProfileSignInOptions = SignInOptions & { fetchProfile?: true };

/** A code-flow callback: its URL, or its query. */
export type CallbackInput = string | URL | URLSearchParams;

/** Everything an application does with patrons of one provider. */
export interface PatronAuth {
  readonly provider: ProviderDescriptor;
  /**
   * Resolves once the provider can be used: for a descriptor with an `issuer`, once its metadata was read
   * and checked (configuration errors the metadata reveals are thrown here). Immediate for the others.
   */
  ready(): Promise<void>;
  /**
   * Where to send the patron for a code-flow sign-in; keep `transaction` server-side or sealed. For a
   * descriptor with an `issuer`, await `ready()` once first (at start-up): the URL comes from its metadata.
   */
  authorizationUrl(options?: Partial<AuthorizationRequestOptions>): AuthorizationRequest;
  /**
   * Completes a code-flow sign-in from the callback URL (or its query) and starts a session, with the
   * patron's profile unless `fetchProfile: false`.
   */
  handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    options?: ProfileSignInOptions,
  ): Promise<SignedInPatronSession>;
  handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    options?: SignInOptions,
  ): Promise<PatronSession>;
  /**
   * Signs a patron in by barcode (card number) and PIN: Sierra's PIN check or OverDrive's password grant;
   * the session has the patron's profile unless `fetchProfile: false`.
   */
  login(credentials: PatronCredentials, options?: ProfileSignInOptions): Promise<SignedInPatronSession>;
  login(credentials: PatronCredentials, options?: SignInOptions): Promise<PatronSession>;
  /** The session, or undefined when it is unknown or over. */
  getSession(sessionId: string): Promise<PatronSession | undefined>;
  /** A valid patron access token, renewed if the provider allows it. */
  accessToken(sessionId: string): Promise<string>;
  /**
   * The patron's current token set (access token, refresh token when the provider issues one, expiry,
   * scope), renewed if needed: for integrations such as Passport whose contract hands tokens to the app.
   * Its printed forms hide the tokens. Throws `invalid_request` for barcode + PIN sessions, which have none.
   */
  tokenSet(sessionId: string): Promise<TokenSet>;
  /** An API call as the patron (patron token, or the app token for barcode + PIN sessions). */
  fetch(sessionId: string, input: string | URL, init?: IlsRequestInit): Promise<Response>;
  /** Renews the patron's tokens now (rotation-safe). */
  refresh(sessionId: string): Promise<PatronSession>;
  /** The patron's profile, from the session or freshly read with `{ refresh: true }`. */
  profile(sessionId: string, options?: { refresh?: boolean; clientIp?: string }): Promise<PatronProfile>;
  /**
   * Ends the session; its tokens are deleted from the store, then revoked at the provider's revocation
   * endpoint when it has one (RFC 7009, best effort: a failure is logged, never thrown).
   */
  logout(sessionId: string): Promise<void>;
}
