import { IlsAuthError, isIlsAuthError } from '../../errors/ils-auth-error.js';
import type { GrantContext } from '../../grants/grant-context.js';
import type { ProviderDescriptor } from '../../providers/provider-descriptor.js';
import type { TokenStore } from '../../store/token-store.js';
import { TokenSet } from '../../tokens/token-set.js';
import { isOutageError } from '../provider-backoff.js';
import type { ObtainToken } from '../token-keeper.js';
import type { TokenSlot } from '../token-slot.js';
import type { CredentialAttachment } from './outgoing-request.js';

/** What a session login or refresh receives: the descriptor (its hidden `clientSecret` is the password). */
export interface SessionLoginContext {
  provider: ProviderDescriptor;
  grant: GrantContext;
}

/**
 * A staff or API user's session login that yields a token (FOLIO `/authn/login-with-expiry`, Symphony's
 * staff login, Evergreen's `open-ils.auth.login`). It has the lifecycle of an OAuth app token: cached in
 * process and store, one login per process and per cluster (the store's lock), renewed ahead of expiry,
 * obtained again once when the descriptor's `isTokenRejected` says an answer refused it, behind the
 * provider backoff. A refused login (`invalid_client`) is remembered and not retried by ils-auth: several
 * systems lock a staff account after a few failures (Polaris: three in five minutes).
 */
export interface SessionLoginAuthentication {
  readonly scheme: 'session-login';
  /**
   * Logs in with the descriptor's `clientId` and `clientSecret`; the token's `expiresAt` is its lifetime
   * (or the descriptor's `defaultTokenLifetimeSeconds` from now, for sessions that do not say).
   * Throws `invalid_client` when the system refuses the credentials.
   */
  login(context: SessionLoginContext): Promise<TokenSet>;
  /**
   * Renews with `current.refreshToken` when the system can (FOLIO). It must throw `invalid_grant` when
   * the refresh token was refused; the lifecycle then logs in again and never presents it twice.
   */
  refresh?(context: SessionLoginContext, current: TokenSet): Promise<TokenSet>;
  readonly attach: CredentialAttachment;
  /**
   * HTTP statuses whose answers may say the session is no longer valid, for the descriptor's
   * `isTokenRejected` to read; default 401. Evergreen's gateway answers `NO_SESSION` inside a 200.
   */
  readonly rejectionStatuses?: readonly number[];
}

/** How long a refused login keeps every process of the cluster from trying again: Polaris's lockout window. */
const REFUSAL_HOLD_MS = 5 * 60_000;

/** Descriptors whose login was refused in this process: not tried again until the process restarts. */
const refusedDescriptors = new WeakSet<ProviderDescriptor>();

export interface SessionObtainerSettings {
  scheme: SessionLoginAuthentication;
  context: SessionLoginContext;
  slot: TokenSlot;
  store: TokenStore;
  /** Runs one login or refresh behind the provider backoff. */
  run: (request: () => Promise<TokenSet>) => Promise<TokenSet>;
}

/**
 * The `ObtainToken` of a session login, for a `TokenKeeper` (which already makes it single-flight, under
 * the store's lock, and stores the result before handing it out):
 * - with a refresh token and a `refresh`, the refresh token is first removed from the store, then
 *   presented: whatever happens next (success, refusal, timeout), it is never presented again, so a
 *   system that revokes everything on reuse (FOLIO) never sees it twice; a failed refresh logs in;
 * - a refused login is remembered in the process and, for a while, in the store, and answered without
 *   contacting the system: ils-auth never repeats a login that may lock the account.
 */
export function sessionObtainer(settings: SessionObtainerSettings): ObtainToken {
  const { scheme, context, slot, store } = settings;
  const provider = context.provider;
  const refusedKey = `${slot.key}:login-refused`;
  const refused = () =>
    new IlsAuthError(
      'invalid_client',
      `${provider.displayName} refused the staff login; ils-auth does not repeat it (the account could be locked): not in this process until it restarts, nor for 5 minutes in any process sharing the store; fix the credentials`,
      { provider: provider.id, status: 401, retryable: false },
    );
  const login = async (): Promise<TokenSet> => {
    if (refusedDescriptors.has(provider) || (await store.get(refusedKey)) !== undefined) throw refused();
    try {
      return await settings.run(() => scheme.login(context));
    } catch (error) {
      if (isIlsAuthError(error) && error.code === 'invalid_client') {
        refusedDescriptors.add(provider);
        await store.set(refusedKey, '1', REFUSAL_HOLD_MS).catch(() => {});
      }
      throw error;
    }
  };
  return async (latest) => {
    const refreshToken = latest?.refreshToken;
    if (!scheme.refresh || !latest || refreshToken === undefined) return login();
    await slot.write(withoutRefreshToken(latest));
    try {
      const refresh = scheme.refresh;
      return await settings.run(() => refresh(context, latest));
    } catch (error) {
      // An outage stays an outage (the backoff answers the next callers); anything else logs in afresh.
      if (isIlsAuthError(error) && isOutageError(error)) throw error;
      return login();
    }
  };
}

function withoutRefreshToken(token: TokenSet): TokenSet {
  const { accessToken, expiresAt, issuedAt, scope, raw } = token;
  return new TokenSet({ accessToken, expiresAt, issuedAt, scope, raw });
}
