import { inspect } from 'node:util';
import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { randomId } from '../internal/hash.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { GrantContext } from './grant-context.js';
import { createPkcePair } from './pkce.js';
import { requestToken } from './request-token.js';
import { requireDiscovered, requireGrant } from './require-grant.js';

/**
 * What must survive between sending the patron to the provider and their return: keep it server-side or
 * in a sealed cookie, never in a readable one. `codeVerifier` is a secret (RFC 7636).
 */
export interface AuthorizationTransaction {
  provider: string;
  state: string;
  redirectUri: string;
  codeVerifier?: string;
  /** OpenID Connect: the id_token must carry this `nonce` (set when the scopes include `openid`). */
  nonce?: string;
  /** Epoch ms; callbacks for older transactions are refused. */
  createdAt: number;
  /** Where the app wants the patron to land afterwards (already checked by the caller). */
  returnTo?: string;
}

export interface AuthorizationRequestOptions {
  redirectUri: string;
  /** Overrides the descriptor's scopes. */
  scopes?: readonly string[];
  /** Extra query parameters (for example `prompt`, `ui_locales`). */
  params?: Record<string, string>;
  returnTo?: string;
}

export interface AuthorizationRequest {
  url: string;
  transaction: AuthorizationTransaction;
}

/**
 * RFC 6749 §4.1.1 with the defences RFC 9700 §2.1 asks for: an unguessable `state` always, and PKCE S256
 * wherever the provider accepts it.
 */
export function createAuthorizationRequest(
  provider: ProviderDescriptor,
  options: AuthorizationRequestOptions,
  now: number,
): AuthorizationRequest {
  requireGrant(provider, 'authorization_code');
  requireDiscovered(provider);
  const endpoint = provider.endpoints.authorization;
  if (!endpoint)
    throw configError(provider.id, 'authorizationUrl', 'is required for the authorization code flow');
  assertRedirectUri(provider, options.redirectUri);

  const state = randomId(24);
  const url = new URL(endpoint);
  const query = url.searchParams;
  for (const [key, value] of Object.entries(provider.authorizationParams)) query.set(key, value);
  for (const [key, value] of Object.entries(options.params ?? {})) query.set(key, value);
  query.set('client_id', provider.clientId);
  query.set('redirect_uri', options.redirectUri);
  query.set('response_type', 'code');
  query.set('state', state);
  const scopes = options.scopes ?? provider.scopes;
  if (scopes.length > 0) query.set('scope', scopes.join(' '));
  const nonce = scopes.includes('openid') ? randomId(24) : undefined;
  if (nonce !== undefined) query.set('nonce', nonce);

  const transaction: AuthorizationTransaction = {
    provider: provider.id,
    state,
    redirectUri: options.redirectUri,
    createdAt: now,
  };
  if (options.returnTo !== undefined) transaction.returnTo = options.returnTo;
  if (nonce !== undefined) transaction.nonce = nonce;
  if (provider.pkce) {
    const pkce = createPkcePair();
    query.set('code_challenge', pkce.challenge);
    query.set('code_challenge_method', pkce.method);
    transaction.codeVerifier = pkce.verifier;
  }
  hideVerifier(transaction);
  return { url: url.href, transaction };
}

function assertRedirectUri(provider: ProviderDescriptor, redirectUri: string): void {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw configError(provider.id, 'redirectUri', 'is not a valid absolute URL');
  }
  if (url.hash)
    throw configError(provider.id, 'redirectUri', 'must not contain a fragment (RFC 6749 §3.1.2)');
}

/** The verifier stays readable as a property but out of logs. */
function hideVerifier(transaction: AuthorizationTransaction): void {
  Object.defineProperty(transaction, inspect.custom, {
    enumerable: false,
    value: () =>
      `AuthorizationTransaction ${inspect({ ...transaction, codeVerifier: transaction.codeVerifier ? '[redacted]' : undefined })}`,
  });
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier?: string;
}

/** RFC 6749 §4.1.3: trades the code for tokens. Codes are single use and short-lived (RERO: 30 s). */
export function exchangeAuthorizationCode(
  provider: ProviderDescriptor,
  exchange: CodeExchange,
  context: GrantContext,
): Promise<TokenSet> {
  requireGrant(provider, 'authorization_code');
  if (!exchange.code) {
    throw new IlsAuthError('invalid_request', `the ${provider.id} callback carried no code`, {
      provider: provider.id,
    });
  }
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
  };
  if (exchange.codeVerifier) params.code_verifier = exchange.codeVerifier;
  return requestToken(
    provider,
    { url: provider.endpoints.token, params, secrets: [exchange.code, exchange.codeVerifier] },
    context,
  );
}
