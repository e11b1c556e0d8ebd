import type { TokenSet } from '../tokens/token-set.js';

/** When a token stops being served and when its replacement is fetched in the background. */
export interface RefreshPolicy {
  /** A token with less life left than this is never handed out. */
  expirySkewMs: number;
  /** A background refresh starts this long before the skew is reached, while the old token is still served. */
  refreshAheadMs: number;
  /** Up to this much is added at random to `refreshAheadMs`, so that processes do not refresh in lockstep. */
  jitterMs: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = {
  expirySkewMs: 30_000,
  refreshAheadMs: 60_000,
  jitterMs: 30_000,
};

/** A token with the two instants derived from it under a policy. */
export interface TimedToken {
  token: TokenSet;
  /** After this instant the token is not served. */
  usableUntil: number;
  /** From this instant a background refresh starts. */
  refreshAt: number;
}

/**
 * Derives the instants from the token's lifetime. Short-lived tokens (a few seconds, in tests or on odd
 * servers) would otherwise be "expired" from birth under a 30 s skew and refreshed on every call, so each
 * margin is capped at a fraction of the whole lifetime, as real clients cache until ~0.9 × expires_in.
 */
export function timeToken(
  token: TokenSet,
  policy: RefreshPolicy,
  random: () => number = Math.random,
): TimedToken {
  const life =
    token.issuedAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, token.expiresAt - token.issuedAt);
  const skew = Math.min(policy.expirySkewMs, life * 0.1);
  const ahead = Math.min(policy.refreshAheadMs, life * 0.1);
  const jitter = Math.min(policy.jitterMs, life * 0.05) * random();
  const usableUntil = token.expiresAt - skew;
  return { token, usableUntil, refreshAt: usableUntil - ahead - jitter };
}
