import type { BackoffState, ClientRefusal } from '../client/provider-backoff.js';

/** Where one application token stands, for a health check. */
export interface TokenHealth {
  provider: string;
  /** Fingerprinted store key of the token (no secret in it). */
  slot: string;
  /** Epoch ms at which the last token this process obtained expires; undefined before the first. */
  tokenValidUntil: number | undefined;
  /** Epoch ms of this process's last successful token request. */
  lastRefreshAt: number | undefined;
  backoff: BackoffState;
  /**
   * Set while the provider refuses the application's own credentials (a wrong client secret, a revoked
   * key: `invalid_client`, …), from the refusal until a token request succeeds.
   */
  refused?: ClientRefusal;
  /** `memory`, or what a shared store says it runs on (`redis`, `fallback`, `connecting`). */
  storeMode: string;
  /**
   * False while token requests back off and no token obtained here is still valid, and while the provider
   * refuses the application's credentials (`refused`).
   */
  healthy: boolean;
}

export interface HealthReport {
  healthy: boolean;
  tokens: TokenHealth[];
}

/** What a token key reports about itself; the backoff of each key registers one. */
export type HealthSource = () => TokenHealth;

const sources = new Set<HealthSource>();

export function registerHealthSource(source: HealthSource): void {
  sources.add(source);
}

/**
 * The health of every application token of this process, framework-free: an adapter serves it as a
 * route or a Nest health indicator, answering 503 when `healthy` is false.
 */
export function healthReport(): HealthReport {
  const tokens = [...sources].map((source) => source());
  return { healthy: tokens.every((token) => token.healthy), tokens };
}
