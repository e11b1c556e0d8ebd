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

/** No token is handed out with less life left than this, whatever the policy: see `timeToken`. */
export const MIN_EXPIRY_MARGIN_MS = 1_000;

/**
 * Derives the instants from the token's lifetime. A token is never handed out within
 * max(1 s, skew) of its expiry: servers that round times to whole seconds (or whose clock is a little
 * ahead) end a token up to a second before `expires_in` says, so no lifetime fraction may eat that second.
 * The configured skew gives way only to tokens that live less than twice as long as it (a 20 s token
 * under a 30 s skew), which are served for the first half of their life instead of never.
 */
export function timeToken(
  token: TokenSet,
  policy: RefreshPolicy,
  random: () => number = Math.random,
): TimedToken {
  const life =
    token.issuedAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, token.expiresAt - token.issuedAt);
  const skew = Math.max(MIN_EXPIRY_MARGIN_MS, Math.min(policy.expirySkewMs, life / 2));
  const ahead = Math.min(policy.refreshAheadMs, life * 0.1);
  const jitter = Math.min(policy.jitterMs, life * 0.05) * random();
  const usableUntil = token.expiresAt - skew;
  return { token, usableUntil, refreshAt: usableUntil - ahead - jitter };
}
