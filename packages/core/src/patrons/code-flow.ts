import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type AuthorizationTransaction,
  createAuthorizationRequest,
  exchangeAuthorizationCode,
} from '../grants/authorization-code.js';
import { parseCallback } from '../grants/parse-callback.js';
import { fingerprint } from '../internal/hash.js';
import { validateIdToken } from '../oidc/id-token.js';
import { claimOnce } from '../store/atomic-operations.js';
import type { CallbackInput, SignInOptions } from './patron-auth.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import type { PatronSession } from './patron-session.js';
import type { SessionRecord } from './session-record.js';
import type { SignInDeadline } from './sign-in-deadline.js';
import { recordFromTokens, startSession } from './start-session.js';

/** Where to send the patron for a code-flow sign-in, and the transaction its callback must match. */
export function authorizationUrl(
  context: PatronAuthContext,
  requestOptions: Partial<AuthorizationRequestOptions>,
): AuthorizationRequest {
  const { provider } = context;
  const redirectUri = requestOptions.redirectUri ?? context.redirectUri;
  if (!redirectUri)
    throw configError(provider.id, 'redirectUri', 'is required for the authorization code flow');
  const current = context.discovery.current();
  if (!current) {
    throw new IlsAuthError(
      'provider_unavailable',
      `${provider.displayName}'s metadata has not been read yet; await ready() before the first sign-in`,
      { provider: provider.id, retryable: true },
    );
  }
  return createAuthorizationRequest(current, { ...requestOptions, redirectUri }, context.resolved.clock());
}

/**
 * Checks the callback against its transaction (provider, state, `iss`, age), spends the transaction, then
 * exchanges the code, validates an OpenID Connect id_token and starts the session.
 */
export async function completeCodeFlow(
  context: PatronAuthContext,
  callback: CallbackInput,
  transaction: AuthorizationTransaction,
  signIn: SignInOptions,
  deadline: SignInDeadline,
): Promise<PatronSession> {
  const { provider, resolved } = context;
  if (!transaction || transaction.provider !== provider.id) {
    // RFC 9700 §4.4 mix-up defence: a callback must come back to the provider it was sent to.
    throw new IlsAuthError(
      'state_mismatch',
      `the callback does not belong to a ${provider.displayName} sign-in`,
      { provider: provider.id, status: 400 },
    );
  }
  const current = await context.discovery.get();
  const code = parseCallback(callback, transaction, {
    now: resolved.clock(),
    maxAgeMs: context.transactionMaxAgeMs,
    issuer: current.issuer,
    issuerRequired: current.issuerRequiredInCallback,
  });
  await claimTransaction(context, transaction);
  const signInContext = { ...resolved.grantContext, signal: deadline.signal };
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
      { nonce: transaction.nonce, now: resolved.clock() },
      signInContext,
    );
  }
  const patronId = current.patron?.patronIdFromTokenResponse?.(tokens.raw);
  if (patronId !== undefined) extra.patronId = patronId;
  return startSession(
    context,
    current,
    recordFromTokens(context, tokens, extra),
    signIn,
    deadline,
    tokens.raw,
  );
}

/**
 * A transaction serves one callback. Marked used in the store, atomically, before the code leaves this
 * process: of two deliveries of one callback (a double click, a reload, a retrying proxy) or a replay
 * with a copied transaction cookie, one exchanges the code and the other is refused without a provider
 * call. A server that revokes every token issued from a code used twice (RFC 6749 §4.1.2) would
 * otherwise kill the session the first exchange created.
 */
async function claimTransaction(
  context: PatronAuthContext,
  transaction: AuthorizationTransaction,
): Promise<void> {
  const { provider, resolved } = context;
  const key = `${resolved.keyPrefix}:used-transaction:${fingerprint(transaction.state)}`;
  if (await claimOnce(resolved.store, key, context.transactionMaxAgeMs)) return;
  throw new IlsAuthError(
    'state_mismatch',
    `this ${provider.displayName} sign-in was already used; start again`,
    {
      provider: provider.id,
      status: 400,
      reauthRequired: true,
    },
  );
}
