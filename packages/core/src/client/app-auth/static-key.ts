import { TokenSet } from '../../tokens/token-set.js';
import type { TokenSource } from '../authorized-fetch.js';
import type { CredentialAttachment } from './outgoing-request.js';

/**
 * An API key sent with every call (Alma's `Authorization: apikey …`). The key is the descriptor's
 * `clientSecret` (hidden from every printed form); nothing is requested, cached or stored, so a static
 * key has no lifecycle beyond being attached.
 */
export interface StaticKeyAuthentication {
  readonly scheme: 'static-key';
  readonly attach: CredentialAttachment;
}

/**
 * The key as a token that never expires, so the one `authorizedFetch` serves static keys as it serves
 * tokens. It lives in process memory only (a private field of `TokenSet`): never in the store.
 */
export function staticKeySource(key: string, clock: () => number): TokenSource {
  const token = new TokenSet({ accessToken: key, expiresAt: Number.MAX_SAFE_INTEGER });
  return {
    get: () => Promise.resolve(token),
    ready: () => token,
    // A refused key stays refused: the caller gets the provider's answer, there is nothing to renew.
    replaceRejected: () => Promise.resolve(token),
    now: clock,
  };
}
