import { type ClientOptions, resolveClientOptions } from '../client/client-options.js';
import { SingleFlight } from '../client/single-flight.js';
import { configError } from '../errors/config-error.js';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendAndRead } from '../http/send-request.js';
import type { Logger } from '../internal/logger.js';
import type { ProviderDescriptor, ProviderDiscovery, ServerMetadata } from './provider-descriptor.js';
import { metadataUrls, readServerMetadata } from './server-metadata.js';

export interface DiscoveryContext extends GrantContext {
  logger: Logger;
}

/** Hands out the descriptor to work with: the descriptor itself, or the one completed from its metadata. */
export interface ProviderResolver {
  /** The completed descriptor read last, without waiting; undefined before the metadata was first read. */
  current(): ProviderDescriptor | undefined;
  /** The completed descriptor, reading the metadata first when it was never read or is older than its max age. */
  get(): Promise<ProviderDescriptor>;
}

interface MetadataCache {
  latest?: { provider: ProviderDescriptor; readAt: number };
  readonly flight: SingleFlight<ProviderDescriptor>;
}

// One cache per descriptor, shared by every client and patron API built from it.
const caches = new WeakMap<ProviderDiscovery, MetadataCache>();

export function providerResolver(provider: ProviderDescriptor, context: DiscoveryContext): ProviderResolver {
  const discovery = provider.discovery;
  if (!discovery) return { current: () => provider, get: async () => provider };
  let cache = caches.get(discovery);
  if (!cache) {
    cache = { flight: new SingleFlight() };
    caches.set(discovery, cache);
  }
  const metadataCache = cache;
  return {
    current: () => metadataCache.latest?.provider,
    async get() {
      const latest = metadataCache.latest;
      if (latest && context.now() - latest.readAt < discovery.maxAgeSeconds * 1000) return latest.provider;
      try {
        return await metadataCache.flight.run('metadata', async () => {
          const completed = discovery.complete(await fetchMetadata(provider, discovery, context));
          metadataCache.latest = { provider: completed, readAt: context.now() };
          return completed;
        });
      } catch (error) {
        if (!latest) throw error;
        // A server that is down for a moment must not stop sign-ins: the metadata read before still holds.
        context.logger.warn('ils-auth: reading the server metadata again failed; the previous copy is used', {
          provider: provider.id,
          code: isIlsAuthError(error) ? error.code : 'unknown',
        });
        return latest.provider;
      }
    },
  };
}

/**
 * The descriptor completed from its issuer's metadata (RFC 8414 / OpenID Connect Discovery), for
 * applications that call the grant functions themselves. `createClient` and `createPatronAuth` do this
 * on their own. Descriptors without `issuer` are returned as they are.
 */
export function discoverProvider(
  provider: ProviderDescriptor,
  options: ClientOptions = {},
): Promise<ProviderDescriptor> {
  const resolved = resolveClientOptions(provider.id, options);
  return providerResolver(provider, { ...resolved.grantContext, logger: resolved.logger }).get();
}

async function fetchMetadata(
  provider: ProviderDescriptor,
  discovery: ProviderDiscovery,
  context: DiscoveryContext,
): Promise<ServerMetadata> {
  const tried: string[] = [];
  for (const url of metadataUrls(discovery.issuer)) {
    const answer = await sendAndRead(
      url,
      { headers: { accept: 'application/json', 'user-agent': context.userAgent } },
      {
        fetch: context.fetch,
        timeoutMs: context.timeoutMs,
        maxBodyBytes: context.maxBodyBytes,
        provider: provider.id,
        purpose: 'metadata request',
        signal: context.signal,
      },
    );
    if (answer.status === 404 || answer.status === 410) {
      tried.push(url);
      continue;
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new IlsAuthError(
        answer.status >= 500 ? 'provider_unavailable' : 'provider_error',
        `the metadata request to ${provider.id} answered HTTP ${answer.status}`,
        { provider: provider.id, status: answer.status },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.bodyText);
    } catch {
      throw new IlsAuthError('malformed_response', `${provider.id}'s metadata at ${url} is not JSON`, {
        provider: provider.id,
        status: answer.status,
      });
    }
    return readServerMetadata(body, discovery.issuer, provider.id, provider.allowInsecureHttp);
  }
  throw configError(provider.id, 'issuer', `publishes no metadata (tried ${tried.join(' and ')})`);
}
