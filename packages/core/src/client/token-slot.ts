import type { TokenSet } from '../tokens/token-set.js';

/**
 * Where one token set lives in a store: an app token under its own key, a patron's tokens inside their
 * session record. The keeper reads and writes through this, so the refresh logic is the same for both.
 */
export interface TokenSlot {
  /** Identifies the slot for single-flight and the store lock. */
  readonly key: string;
  read(): Promise<TokenSet | undefined>;
  write(token: TokenSet): Promise<void>;
  /** Removes the token if the slot still holds `accessToken` (or unconditionally without it). */
  clear(accessToken?: string): Promise<void>;
}
