import type { createRemoteJWKSet, FetchImplementation } from 'jose';
import { loadJose } from './load-jose.js';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

export interface KeySetContext {
  fetch: typeof fetch;
  timeoutMs: number;
  userAgent: string;
}

// One key set per URL for the whole process: jose caches its keys, reads them again when an id_token names
// a key it does not know (the server rotated its keys), but at most once per cooldown.
const keySets = new Map<string, RemoteKeySet>();

/** The signing keys of an OpenID Connect server, fetched on first use and cached. */
export async function remoteKeySet(
  provider: string,
  jwksUrl: string,
  context: KeySetContext,
): Promise<RemoteKeySet> {
  const { createRemoteJWKSet, customFetch } = await loadJose(provider);
  let keySet = keySets.get(jwksUrl);
  if (!keySet) {
    const manualRedirects: FetchImplementation = (url, init) =>
      context.fetch(url, { ...init, redirect: 'manual' });
    keySet = createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: context.timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      headers: { 'user-agent': context.userAgent },
      [customFetch]: manualRedirects,
    });
    keySets.set(jwksUrl, keySet);
  }
  return keySet;
}
