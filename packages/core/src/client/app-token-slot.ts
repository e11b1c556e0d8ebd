import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';
import type { TokenStore } from '../store/token-store.js';
import { isSerializedTokenSet, TokenSet } from '../tokens/token-set.js';
import { tokenEndpointKey } from './token-endpoint-key.js';
import type { TokenSlot } from './token-slot.js';

/**
 * The store slot of an application token, keyed by the provider's token endpoint and client id.
 */
export function appTokenSlot(
  provider: ProviderDescriptor,
  store: TokenStore,
  keyPrefix: string,
  clock: () => number,
): TokenSlot {
  const key = `${keyPrefix}:app:${tokenEndpointKey(provider)}`;
  return {
    key,
    async read() {
      // An app token the store cannot give (outage) is fetched again: nothing is decided on its absence.
      return decodeTokenSet(await store.get(key).catch(absentWhenStoreUnavailable));
    },
    async write(token) {
      await store.set(key, JSON.stringify(token.serialize()), Math.max(1, token.expiresAt - clock()));
    },
    async clear(accessToken) {
      if (accessToken === undefined) return store.delete(key);
      const stored = await store.get(key).catch(absentWhenStoreUnavailable);
      // Nothing stored, or already replaced by a fresh token: there is nothing of ours to drop.
      if (stored === undefined || decodeTokenSet(stored)?.accessToken !== accessToken) return;
      // Delete exactly what was read, so a fresh token written meanwhile by another caller survives.
      if (store.deleteIfValue) await store.deleteIfValue(key, stored);
      else await store.delete(key);
    },
  };
}

function absentWhenStoreUnavailable(error: unknown): undefined {
  if (isStoreUnavailable(error)) return undefined;
  throw error;
}

/** A stored value that is not ours or is damaged counts as absent: a new token is fetched. */
export function decodeTokenSet(value: string | undefined): TokenSet | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isSerializedTokenSet(parsed) ? TokenSet.deserialize(parsed) : undefined;
  } catch {
    return undefined;
  }
}
