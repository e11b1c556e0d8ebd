import { configError } from '../errors/config-error.js';
import { clientCredentialsGrant } from '../grants/client-credentials.js';
import { requireGrant } from '../grants/require-grant.js';
import { printAs } from '../internal/print-as.js';
import { providerResolver } from '../providers/discovery.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import { apiUrlResolver } from './api-url-resolver.js';
import { sessionObtainer } from './app-auth/session-login.js';
import { staticKeySource } from './app-auth/static-key.js';
import { appTokenSlot } from './app-token-slot.js';
import { authorizedFetch, type IlsRequestInit, type TokenSource } from './authorized-fetch.js';
import { type ClientOptions, resolveClientOptions } from './client-options.js';
import { backoffFor } from './provider-backoff.js';
import { type ObtainToken, TokenKeeper } from './token-keeper.js';

/** Application-token client: API calls made on the application's own behalf (client credentials). */
export interface IlsClient {
  readonly provider: ProviderDescriptor;
  /** A valid access token, from the cache when possible. */
  getToken(): Promise<string>;
  /** The same, with its expiry and scope. */
  getTokenSet(): Promise<TokenSet>;
  /**
   * `fetch` with `Authorization` and `User-Agent` added; relative paths resolve against the provider's
   * API base. A 401 that says the token is bad gets one retry with a new token.
   */
  fetch(input: string | URL, init?: IlsRequestInit): Promise<Response>;
  /** Forgets the cached token (only `accessToken`, when given, and only if it is still the cached one). */
  invalidate(accessToken?: string): Promise<void>;
}

export function createClient(provider: ProviderDescriptor, options: ClientOptions = {}): IlsClient {
  const scheme = provider.appAuth;
  if (scheme?.scheme === 'none') throw configError(provider.id, 'createClient', scheme.reason);
  if (scheme === undefined) requireGrant(provider, 'client_credentials');
  const resolved = resolveClientOptions(provider.id, options);
  const slot = appTokenSlot(provider, resolved.store, resolved.keyPrefix, resolved.clock);
  // With an issuer, the endpoints come from its metadata, read once before the first token request.
  const resolver = providerResolver(provider, { ...resolved.grantContext, logger: resolved.logger });
  const backoff = backoffFor(slot.key, { provider: provider.id, ...resolved });
  const keeperFor = (obtain: ObtainToken) =>
    new TokenKeeper(slot, obtain, {
      store: resolved.store,
      policy: resolved.policy,
      clock: resolved.clock,
      logger: resolved.logger,
      lockTtlMs: resolved.grantContext.timeoutMs + 5_000,
      cacheLocally: true,
    });
  let keeper: TokenSource & Pick<TokenKeeper, 'invalidate'>;
  if (scheme?.scheme === 'static-key') {
    const key = provider.clientSecret;
    if (!key) throw configError(provider.id, 'apiKey', 'is required');
    keeper = { ...staticKeySource(key, resolved.clock), invalidate: async () => {} };
  } else if (scheme?.scheme === 'session-login') {
    keeper = keeperFor(
      sessionObtainer({
        scheme,
        context: { provider, grant: resolved.grantContext },
        slot,
        store: resolved.store,
        run: (request) => backoff.run(request),
      }),
    );
  } else {
    keeper = keeperFor(() =>
      backoff.run(async () => clientCredentialsGrant(await resolver.get(), resolved.grantContext)),
    );
  }
  const fetchOptions = {
    provider,
    attach: scheme?.attach,
    rejectionStatuses: scheme?.scheme === 'session-login' ? scheme.rejectionStatuses : undefined,
    fetch: resolved.grantContext.fetch,
    userAgent: resolved.userAgent,
    timeoutMs: resolved.requestTimeoutMs,
  };
  const resolveUrl = apiUrlResolver(provider, provider.endpoints.apiBase);
  // With an issuer, the API base may come from the metadata: read it (once, cached) before the call.
  const discoveredFetch = async (input: string | URL, init: IlsRequestInit) => {
    const current = await resolver.get();
    const url = apiUrlResolver(current, current.endpoints.apiBase)(input);
    return authorizedFetch(url, init, keeper, { ...fetchOptions, provider: current });
  };

  const client: IlsClient = {
    provider,
    async getToken() {
      return (await keeper.get()).accessToken;
    },
    getTokenSet() {
      return keeper.get();
    },
    fetch(input, init = {}) {
      // Not async (see authorizedFetch), so a refused URL is turned into a rejection here.
      try {
        if (!provider.discovery) return authorizedFetch(resolveUrl(input), init, keeper, fetchOptions);
      } catch (error) {
        return Promise.reject(error);
      }
      return discoveredFetch(input, init);
    },
    invalidate(accessToken) {
      return keeper.invalidate(accessToken);
    },
  };
  return printAs(client, 'IlsClient', () => ({ provider: provider.id }));
}
