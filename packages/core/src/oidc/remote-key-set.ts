import type { createRemoteJWKSet, FetchImplementation } from 'jose';
import { readLimitedBody } from '../http/read-limited-body.js';
import { loadJose } from './load-jose.js';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

export interface KeySetContext {
  fetch: typeof fetch;
  timeoutMs: number;
  userAgent: string;
}

/** A key set is a few kilobytes; 256 KiB bounds what a broken or hostile issuer can make us hold. */
const MAX_KEY_SET_BYTES = 256 * 1024;

// One key set per URL (and deadline) for the whole process: jose caches its keys, reads them again when an
// id_token names a key it does not know (the server rotated its keys), but at most once per cooldown.
const keySets = new Map<string, RemoteKeySet>();

/** The signing keys of an OpenID Connect server, fetched on first use and cached. */
export async function remoteKeySet(
  provider: string,
  jwksUrl: string,
  context: KeySetContext,
): Promise<RemoteKeySet> {
  const { createRemoteJWKSet, customFetch } = await loadJose(provider);
  const cacheKey = `${context.timeoutMs} ${jwksUrl}`;
  let keySet = keySets.get(cacheKey);
  if (!keySet) {
    // jose's own deadline ends Node's body with its signal; ours also bounds the size, and the time with
    // a `fetch` of the caller's that ignores the signal.
    const boundedFetch: FetchImplementation = async (url, init) => {
      const response = await context.fetch(url, { ...init, redirect: 'manual' });
      const body = await readLimitedBody(response, MAX_KEY_SET_BYTES, undefined, context.timeoutMs);
      return new Response(body, { status: response.status });
    };
    keySet = createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: context.timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      headers: { 'user-agent': context.userAgent },
      [customFetch]: boundedFetch,
    });
    keySets.set(cacheKey, keySet);
  }
  return keySet;
}
