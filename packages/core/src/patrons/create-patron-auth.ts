import { authorizedFetch, type IlsRequestInit } from '../client/authorized-fetch.js';
import { type ClientOptions, resolveClientOptions } from '../client/client-options.js';
import { createClient, type IlsClient } from '../client/create-client.js';
import { backoffFor } from '../client/provider-backoff.js';
import { resolveApiUrl } from '../client/resolve-api-url.js';
import { tokenEndpointKey } from '../client/token-endpoint-key.js';
import { TokenKeeper } from '../client/token-keeper.js';
import { configError } from '../errors/config-error.js';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type AuthorizationTransaction,
  createAuthorizationRequest,
  exchangeAuthorizationCode,
} from '../grants/authorization-code.js';
import { DEFAULT_TRANSACTION_MAX_AGE_MS, parseCallback } from '../grants/parse-callback.js';
import { passwordGrant } from '../grants/password.js';
import { refreshTokenGrant } from '../grants/refresh-token.js';
import { fingerprint, randomId } from '../internal/hash.js';
import { printAs } from '../internal/print-as.js';
import { publishEvent } from '../observability/events.js';
import { validateIdToken } from '../oidc/id-token.js';
import { providerResolver } from '../providers/discovery.js';
import type {
  AppRequester,
  BackoffRunner,
  JsonGetter,
  ProviderDescriptor,
} from '../providers/provider-descriptor.js';
import { claimOnce } from '../store/atomic-operations.js';
import type { TokenSet } from '../tokens/token-set.js';
import { jsonFromResponse, readAnswer } from './json-request.js';
import { checkPatronCredentials, type PatronCredentials } from './patron-credentials.js';
import type { PatronProfile } from './patron-profile.js';
import { type PatronSession, patronSession, type SignedInPatronSession } from './patron-session.js';
import { revokeSessionTokens } from './revoke-session-tokens.js';
import {
  deleteSessionRecord,
  readSessionRecord,
  recordTokens,
  type SessionRecord,
  sessionKey,
  writeSessionRecord,
} from './session-record.js';
import { sessionExpiry, sessionTokenSlot } from './session-token-slot.js';
import { withinSignInDeadline } from './sign-in-deadline.js';

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

type CallbackInput = string | URL | URLSearchParams;

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

export function createPatronAuth(provider: ProviderDescriptor, options: PatronAuthOptions = {}): PatronAuth {
  const resolved = resolveClientOptions(provider.id, options);
  const signsPatronsIn =
    provider.grants.includes('authorization_code') || provider.grants.includes('password');
  if (signsPatronsIn && !provider.patron) {
    // Known now, not after a patron's code was exchanged for nothing.
    throw configError(
      provider.id,
      'userinfoUrl',
      'is required to sign patrons in (or mapProfile, or the openid scope): nothing would tell who signed in',
    );
  }
  const { store, clock, keyPrefix, grantContext } = resolved;
  const { sessionScope } = options;
  if (sessionScope !== undefined && (typeof sessionScope !== 'string' || sessionScope === ''))
    throw configError(provider.id, 'sessionScope', 'must be a non-empty string');
  /** A record of this provider, started under this scope: the only sessions this auth may read or end. */
  const ownsRecord = (record: SessionRecord | undefined): record is SessionRecord =>
    record?.provider === provider.id && record.scope === sessionScope;
  const sessionTtlMs = (options.sessionTtlSeconds ?? 3600) * 1000;
  if (!(sessionTtlMs > 0 && Number.isFinite(sessionTtlMs))) {
    throw configError(provider.id, 'sessionTtlSeconds', 'must be a positive number of seconds');
  }
  const transactionMaxAgeMs =
    options.transactionMaxAgeSeconds === undefined
      ? DEFAULT_TRANSACTION_MAX_AGE_MS
      : options.transactionMaxAgeSeconds * 1000;
  if (!(transactionMaxAgeMs > 0 && Number.isFinite(transactionMaxAgeMs))) {
    throw configError(provider.id, 'transactionMaxAgeSeconds', 'must be a positive number of seconds');
  }
  if (options.redirectUri !== undefined) createAuthorizationRequestCheck(provider, options.redirectUri);
  const discovery = providerResolver(provider, { ...grantContext, logger: resolved.logger });
  // Read the metadata now, so the first sign-in does not wait for it; errors surface in ready() and use.
  if (provider.discovery) discovery.get().catch(() => undefined);
  const fetchOptions = {
    fetch: grantContext.fetch,
    userAgent: resolved.userAgent,
    timeoutMs: resolved.requestTimeoutMs,
  };

  let appClient = options.appClient;
  const app = (): IlsClient => {
    appClient ??= createClient(provider, options);
    return appClient;
  };
  const forwardedFor = (clientIp: string | undefined) =>
    provider.forwardsClientIp && clientIp ? clientIp : undefined;
  const getWithAppToken =
    (clientIp?: string, signal?: AbortSignal): JsonGetter =>
    async (url, purpose) =>
      jsonFromResponse(
        await app().fetch(url, {
          headers: { accept: 'application/json' },
          forwardedFor: forwardedFor(clientIp),
          signal,
        }),
        provider,
        purpose,
        [],
        resolved.requestTimeoutMs,
      );

  const requestWithAppToken =
    (clientIp?: string, signal?: AbortSignal): AppRequester =>
    async (url, init, _purpose) =>
      readAnswer(
        await app().fetch(url, {
          ...init,
          forwardedFor: forwardedFor(clientIp),
          signal: init.signal ?? signal,
        }),
        provider,
        resolved.requestTimeoutMs,
      );

  /** A provider request behind the backoff of its key, as token requests are (SIP2's patron checks). */
  const withBackoff: BackoffRunner = (key, request) =>
    backoffFor(`${keyPrefix}:${key}`, { provider: provider.id, ...resolved }).attempt(request);

  const keeperFor = (sessionId: string) => {
    const key = sessionKey(keyPrefix, sessionId);
    const slot = sessionTokenSlot({
      store,
      key,
      provider: provider.id,
      clock,
      refreshTokenLifetimeSeconds: provider.refreshTokenLifetimeSeconds,
    });
    return new TokenKeeper(slot, (latest) => renew(key, latest), {
      store,
      policy: resolved.policy,
      clock,
      logger: resolved.logger,
      lockTtlMs: grantContext.timeoutMs + 5_000,
      cacheLocally: false,
    });
  };

  const sessionExpired = (message: string) =>
    new IlsAuthError('session_expired', message, {
      provider: provider.id,
      reauthRequired: true,
      status: 401,
    });

  /**
   * A refresh-token request behind the backoff that every patron refresh of this token endpoint shares,
   * as app tokens have: during an outage sessions fail fast with `provider_unavailable` instead of each
   * sending its own request. Made on first use, so providers without refresh tokens report no backoff.
   */
  const refreshGrant = (current: ProviderDescriptor, tokens: TokenSet) =>
    backoffFor(`${keyPrefix}:patron-refresh:${tokenEndpointKey(provider)}`, {
      provider: provider.id,
      ...resolved,
    }).run(() => refreshTokenGrant(current, tokens, grantContext));

  /** Gets the patron a new token, or ends the session when the provider cannot (no refresh token). */
  const renew = async (key: string, latest: TokenSet | undefined): Promise<TokenSet> => {
    if (!latest?.refreshToken || !provider.grants.includes('refresh_token')) {
      await store.delete(key);
      throw sessionExpired(
        `the patron's ${provider.displayName} token expired and cannot be renewed; the patron must sign in again`,
      );
    }
    const current = await discovery.get();
    try {
      return await refreshGrant(current, latest);
    } catch (error) {
      if (!isIlsAuthError(error) || error.code !== 'invalid_grant') throw error;
      // Another process may have rotated the refresh token since we read it: use theirs once.
      const reread = recordTokens(await readSessionRecord(store, key, clock()));
      if (reread?.refreshToken && reread.refreshToken !== latest.refreshToken) {
        if (reread.expiresAt - resolved.policy.expirySkewMs > clock()) return reread;
        try {
          return await refreshGrant(current, reread);
        } catch (second) {
          if (!isIlsAuthError(second) || second.code !== 'invalid_grant') throw second;
        }
      }
      await store.delete(key);
      throw error.with({
        reauthRequired: true,
        message: `${provider.displayName} refused the patron's refresh token; the patron must sign in again`,
      });
    }
  };

  const patronGetter =
    (sessionId: string, clientIp: string | undefined, signal?: AbortSignal): JsonGetter =>
    async (url, purpose) =>
      jsonFromResponse(
        await patronFetch(sessionId, url, {
          headers: { accept: 'application/json' },
          forwardedFor: forwardedFor(clientIp),
          signal,
        }),
        provider,
        purpose,
        [],
        resolved.requestTimeoutMs,
      );

  const loadRecord = async (sessionId: string): Promise<SessionRecord> => {
    const record = isSessionId(sessionId)
      ? await readSessionRecord(store, sessionKey(keyPrefix, sessionId), clock())
      : undefined;
    if (!ownsRecord(record))
      throw sessionExpired(`no ${provider.displayName} session with that id; the patron must sign in`);
    return record;
  };

  async function patronFetch(
    sessionId: string,
    input: string | URL,
    init: IlsRequestInit = {},
  ): Promise<Response> {
    const record = await loadRecord(sessionId);
    const current = await discovery.get();
    const url = resolveApiUrl(current, input, current.endpoints.patronApiBase ?? current.endpoints.apiBase);
    if (!record.tokens) return app().fetch(url, init);
    return authorizedFetch(url, init, keeperFor(sessionId), { ...fetchOptions, provider: current });
  }

  async function startSession(
    current: ProviderDescriptor,
    record: SessionRecord,
    signIn: SignInOptions,
    signal: AbortSignal,
    tokenRaw?: Readonly<Record<string, unknown>>,
  ): Promise<PatronSession> {
    const sessionId = randomId();
    const key = sessionKey(keyPrefix, sessionId);
    if (sessionScope !== undefined) record.scope = sessionScope;
    await writeSessionRecord(store, key, record, clock());
    if (signIn.fetchProfile !== false && current.patron) {
      try {
        record.profile = await current.patron.fetchProfile({
          provider: current,
          getWithPatronToken: record.tokens ? patronGetter(sessionId, signIn.clientIp, signal) : undefined,
          getWithAppToken: getWithAppToken(signIn.clientIp, signal),
          requestWithAppToken: requestWithAppToken(signIn.clientIp, signal),
          patronId: record.patronId,
          barcode: record.barcode,
          tokenRaw,
          idTokenClaims: record.idTokenClaims,
          withBackoff,
          now: clock,
        });
        record.patronId ??= record.profile.id;
        const latest = await readSessionRecord(store, key, clock());
        if (latest?.tokens) record.tokens = latest.tokens;
        await writeSessionRecord(store, key, record, clock());
      } catch (error) {
        await store.delete(key);
        throw error;
      }
    }
    return toSession(sessionId, record);
  }

  function sessionFromTokens(tokens: TokenSet, extra: Partial<SessionRecord>): SessionRecord {
    const now = clock();
    return {
      v: 1,
      provider: provider.id,
      ...extra,
      tokens: tokens.serialize(),
      createdAt: now,
      expiresAt: sessionExpiry(tokens, now, provider.refreshTokenLifetimeSeconds),
    };
  }

  /**
   * A transaction serves one callback. Marked used in the store, atomically, before the code leaves this
   * process: of two deliveries of one callback (a double click, a reload, a retrying proxy) or a replay
   * with a copied transaction cookie, one exchanges the code and the other is refused without a provider
   * call. A server that revokes every token issued from a code used twice (RFC 6749 §4.1.2) would
   * otherwise kill the session the first exchange created.
   */
  async function claimTransaction(transaction: AuthorizationTransaction): Promise<void> {
    const key = `${keyPrefix}:used-transaction:${fingerprint(transaction.state)}`;
    if (await claimOnce(store, key, transactionMaxAgeMs)) return;
    throw new IlsAuthError(
      'state_mismatch',
      `this ${provider.displayName} sign-in was already used; start again`,
      { provider: provider.id, status: 400, reauthRequired: true },
    );
  }

  // Overloads, so that a sign-in with the default fetchProfile is typed as having the profile.
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn?: ProfileSignInOptions,
  ): Promise<SignedInPatronSession>;
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn?: SignInOptions,
  ): Promise<PatronSession>;
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn: SignInOptions = {},
  ): Promise<PatronSession> {
    return withinSignInDeadline(
      resolved.signInTimeoutMs,
      provider.id,
      (signal) => completeCodeFlow(callback, transaction, signIn, signal),
      abandonSession,
    );
  }

  async function completeCodeFlow(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn: SignInOptions,
    signal: AbortSignal,
  ): Promise<PatronSession> {
    if (!transaction || transaction.provider !== provider.id) {
      // RFC 9700 §4.4 mix-up defence: a callback must come back to the provider it was sent to.
      throw new IlsAuthError(
        'state_mismatch',
        `the callback does not belong to a ${provider.displayName} sign-in`,
        { provider: provider.id, status: 400 },
      );
    }
    const current = await discovery.get();
    const code = parseCallback(callback, transaction, {
      now: clock(),
      maxAgeMs: transactionMaxAgeMs,
      issuer: current.issuer,
      issuerRequired: current.issuerRequiredInCallback,
    });
    await claimTransaction(transaction);
    const signInContext = { ...grantContext, signal };
    const tokens = await exchangeAuthorizationCode(
      current,
      { code, redirectUri: transaction.redirectUri, codeVerifier: transaction.codeVerifier },
      signInContext,
    );
    const extra: Partial<SessionRecord> = {};
    // An OpenID Connect sign-in (it sent a nonce) is only as good as its id_token.
    if (transaction.nonce !== undefined) {
      extra.idTokenClaims = await validateIdToken(
        current,
        tokens.idToken,
        { nonce: transaction.nonce, now: clock() },
        signInContext,
      );
    }
    const patronId = current.patron?.patronIdFromTokenResponse?.(tokens.raw);
    if (patronId !== undefined) extra.patronId = patronId;
    return startSession(current, sessionFromTokens(tokens, extra), signIn, signal, tokens.raw);
  }

  function login(
    credentials: PatronCredentials,
    signIn?: ProfileSignInOptions,
  ): Promise<SignedInPatronSession>;
  function login(credentials: PatronCredentials, signIn?: SignInOptions): Promise<PatronSession>;
  function login(credentials: PatronCredentials, signIn: SignInOptions = {}): Promise<PatronSession> {
    return withinSignInDeadline(
      resolved.signInTimeoutMs,
      provider.id,
      (signal) => pinSignIn(credentials, signIn, signal),
      abandonSession,
    );
  }

  async function pinSignIn(
    credentials: PatronCredentials,
    signIn: SignInOptions,
    signal: AbortSignal,
  ): Promise<PatronSession> {
    const { barcode, pin } = checkPatronCredentials(credentials, provider.id);
    const current = await discovery.get();
    const checkPin = current.patron?.checkPin;
    if (checkPin) {
      if (pin === undefined)
        throw new IlsAuthError('invalid_input', 'the pin is missing', {
          provider: provider.id,
          status: 400,
        });
      const checked = await checkPin({
        provider: current,
        barcode,
        pin,
        getWithAppToken: getWithAppToken(signIn.clientIp, signal),
        withBackoff,
        async postWithAppToken(url, body, _purpose) {
          const response = await app().fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            forwardedFor: forwardedFor(signIn.clientIp),
            signal,
          });
          return readAnswer(response, provider, resolved.requestTimeoutMs);
        },
        grant: { ...grantContext, signal },
        requestWithAppToken: requestWithAppToken(signIn.clientIp, signal),
      });
      const now = clock();
      const record: SessionRecord = {
        v: 1,
        provider: provider.id,
        patronId: checked.patronId,
        barcode,
        createdAt: now,
        expiresAt: now + sessionTtlMs,
      };
      // A check that read the profile already (SIP2) saves the sign-in a second round trip.
      if (checked.profile && signIn.fetchProfile !== false) {
        record.profile = checked.profile;
        return startSession(current, record, { ...signIn, fetchProfile: false }, signal);
      }
      return startSession(current, record, signIn, signal);
    }
    if (!provider.grants.includes('password')) {
      throw configError(
        provider.id,
        'grants',
        'offer no barcode + PIN sign-in for this provider; use authorizationUrl()',
      );
    }
    let tokens: TokenSet;
    try {
      tokens = await passwordGrant(
        current,
        { username: barcode, password: pin },
        { ...grantContext, signal },
      );
    } catch (error) {
      const refused = provider.passwordGrant?.credentialErrors ?? [];
      if (
        isIlsAuthError(error) &&
        error.providerError?.error &&
        refused.includes(error.providerError.error)
      ) {
        throw error.with({
          code: 'invalid_credentials',
          status: 401,
          message: `${provider.displayName} refused the card number or PIN${error.providerError.errorDescription ? `: ${error.providerError.errorDescription}` : ''}`,
        });
      }
      throw error;
    }
    return startSession(current, sessionFromTokens(tokens, { barcode }), signIn, signal, tokens.raw);
  }

  /** A session that was made after its sign-in timed out: nobody was told its id, so it ends at once. */
  const abandonSession = (late: PatronSession) => auth.logout(late.id);

  const auth: PatronAuth = {
    provider,

    async ready() {
      await discovery.get();
    },

    authorizationUrl(requestOptions = {}) {
      const redirectUri = requestOptions.redirectUri ?? options.redirectUri;
      if (!redirectUri)
        throw configError(provider.id, 'redirectUri', 'is required for the authorization code flow');
      const current = discovery.current();
      if (!current) {
        throw new IlsAuthError(
          'provider_unavailable',
          `${provider.displayName}'s metadata has not been read yet; await ready() before the first sign-in`,
          { provider: provider.id, retryable: true },
        );
      }
      return createAuthorizationRequest(current, { ...requestOptions, redirectUri }, clock());
    },

    handleCallback,

    login,

    async getSession(sessionId) {
      if (!isSessionId(sessionId)) return undefined;
      const record = await readSessionRecord(store, sessionKey(keyPrefix, sessionId), clock());
      return ownsRecord(record) ? storedSession(sessionId, record) : undefined;
    },

    async accessToken(sessionId) {
      return (await auth.tokenSet(sessionId)).accessToken;
    },

    async tokenSet(sessionId) {
      const record = await loadRecord(sessionId);
      if (!record.tokens)
        throw new IlsAuthError(
          'invalid_request',
          `this ${provider.displayName} session signed in by PIN and has no patron token; use the app client`,
          { provider: provider.id },
        );
      return keeperFor(sessionId).get();
    },

    fetch: patronFetch,

    async refresh(sessionId) {
      const record = await loadRecord(sessionId);
      if (record.tokens) await keeperFor(sessionId).refresh(recordTokens(record));
      publishEvent({ type: 'session.refreshed', provider: provider.id });
      return toSession(sessionId, await loadRecord(sessionId));
    },

    async profile(sessionId, profileOptions = {}) {
      const record = await loadRecord(sessionId);
      if (record.profile && !profileOptions.refresh) return record.profile;
      const current = await discovery.get();
      if (!current.patron) throw configError(provider.id, 'patron', 'has no way to read patron profiles');
      const profile = await current.patron.fetchProfile({
        provider: current,
        getWithPatronToken: record.tokens ? patronGetter(sessionId, profileOptions.clientIp) : undefined,
        getWithAppToken: getWithAppToken(profileOptions.clientIp),
        requestWithAppToken: requestWithAppToken(profileOptions.clientIp),
        patronId: record.patronId,
        barcode: record.barcode,
        tokenRaw: recordTokens(record)?.raw,
        idTokenClaims: record.idTokenClaims,
        withBackoff,
        now: clock,
      });
      const key = sessionKey(keyPrefix, sessionId);
      const latest = await readSessionRecord(store, key, clock());
      if (latest) await writeSessionRecord(store, key, { ...latest, profile }, clock());
      return profile;
    },

    async logout(sessionId) {
      if (!isSessionId(sessionId)) return;
      const key = sessionKey(keyPrefix, sessionId);
      // A record the store cannot give (outage) only means its tokens cannot be revoked at the provider.
      const record = await readSessionRecord(store, key, clock()).catch(() => undefined);
      // Another scope's session is not ours to end, any more than to read.
      if (record && !ownsRecord(record)) return;
      const tokens = record?.provider === provider.id ? recordTokens(record) : undefined;
      // The local logout comes first and never depends on the provider.
      await deleteSessionRecord(store, key, clock());
      publishEvent({ type: 'session.revoked', provider: provider.id });
      if (tokens) await revokeSessionTokens(discovery, tokens, { ...grantContext, logger: resolved.logger });
    },
  };
  return printAs(auth, 'PatronAuth', () => ({ provider: provider.id }));
}

/**
 * The session of a record as the store holds it (frozen, and shared by every request that reads the same
 * string): made once per record instead of on every guarded request.
 */
function storedSession(id: string, record: SessionRecord): PatronSession {
  const known = sessionsOfStoredRecords.get(record);
  if (known?.id === id) return known;
  const session = toSession(id, record);
  sessionsOfStoredRecords.set(record, session);
  return session;
}

const sessionsOfStoredRecords = new WeakMap<SessionRecord, PatronSession>();

function toSession(id: string, record: SessionRecord): PatronSession {
  return patronSession({
    id,
    provider: record.provider,
    patronId: record.patronId,
    profile: record.profile,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    refreshable: Boolean(recordTokens(record)?.refreshToken),
  });
}

/** Session ids are ours (43 base64url characters); anything else is not looked up at all. */
function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

function createAuthorizationRequestCheck(provider: ProviderDescriptor, redirectUri: string): void {
  try {
    new URL(redirectUri);
  } catch {
    throw configError(provider.id, 'redirectUri', 'is not a valid absolute URL');
  }
}
