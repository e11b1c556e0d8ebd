import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';

interface RefreshRecord {
  userId: string;
  expiresAt: number;
  /** Redeemed or revoked: presenting it again is a reuse. */
  spent: boolean;
}

export type Redemption =
  | { kind: 'ok'; userId: string }
  /** Spent or revoked: a leak, so every refresh token of that user is now revoked. */
  | { kind: 'reused'; userId: string }
  /** Past its expiry: refused, and nothing else happens. */
  | { kind: 'expired' }
  | { kind: 'unknown' };

/**
 * FOLIO's refresh tokens (mod-authtoken `RefreshTokenStore.checkTokenNotRevoked`): single use. An
 * expired one is refused and that is all. Redeeming a live one spends it in the same step; presenting a
 * spent or revoked one is taken as a leak and revokes every refresh token of its user, so two processes
 * refreshing with one cookie log that user out everywhere. Spent tokens are remembered (a day past their
 * expiry) so that a reuse can be told from an unknown token.
 */
export class RefreshTokenStore {
  #records = new Map<string, RefreshRecord>();

  constructor(private readonly clock: Clock) {}

  issue(userId: string, lifetimeMs: number): { token: string; expiresAt: number } {
    this.#sweep();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now() + lifetimeMs;
    this.#records.set(token, { userId, expiresAt, spent: false });
    return { token, expiresAt };
  }

  redeem(token: string): Redemption {
    const record = this.#records.get(token);
    if (!record) return { kind: 'unknown' };
    if (this.clock.now() >= record.expiresAt) return { kind: 'expired' };
    if (record.spent) {
      this.revokeAllOf(record.userId);
      return { kind: 'reused', userId: record.userId };
    }
    record.spent = true;
    return { kind: 'ok', userId: record.userId };
  }

  /** Revokes one token (logout): presenting it again is then a reuse. */
  revoke(token: string): void {
    const record = this.#records.get(token);
    if (record) record.spent = true;
  }

  revokeAllOf(userId: string): void {
    for (const record of this.#records.values()) if (record.userId === userId) record.spent = true;
  }

  /** Live (unspent, unexpired) tokens of a user: what a test checks after a reuse. */
  liveCount(userId: string): number {
    const now = this.clock.now();
    let count = 0;
    for (const record of this.#records.values()) {
      if (record.userId === userId && !record.spent && now < record.expiresAt) count += 1;
    }
    return count;
  }

  clear(): void {
    this.#records.clear();
  }

  // Records are kept a day past expiry so that a late reuse is still recognised as one.
  #sweep(): void {
    if (this.#records.size < 10_000) return;
    const cutoff = this.clock.now() - 86_400_000;
    for (const [token, record] of this.#records) if (record.expiresAt < cutoff) this.#records.delete(token);
  }
}
