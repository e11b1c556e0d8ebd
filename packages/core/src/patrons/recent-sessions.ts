/**
 * How long after this process last read a session from the store it may still serve that session while the
 * store cannot answer, by default (web option `sessionOutageGraceSeconds`). Long enough to ride out a Redis
 * restart or failover, short enough that a session ended elsewhere during an outage (another process's
 * logout) is not honoured here for long.
 */
export const SESSION_OUTAGE_GRACE_MS = 5 * 60 * 1000;

// The sessions one process serves in five minutes; the oldest read goes first.
const MAX_SESSIONS = 10_000;

/** A value read from the store; undefined when the store said there was none (kept only when asked). */
export interface Seen {
  value: string | undefined;
  readAt: number;
}

/**
 * Session records this process read from the store recently, and sessions it ended while the store could
 * not hear of it. During a store outage a guarded request is served from here (the record's own expiry
 * still applies) instead of signing the patron out, and a logout made here during the outage is honoured
 * here even though the store never heard of it.
 */
export class RecentSessions {
  readonly #seen = new Map<string, Seen>();
  readonly #revoked = new Map<string, number>();
  #graceMs = SESSION_OUTAGE_GRACE_MS;
  #graceGiven = false;

  /**
   * An application's `sessionOutageGraceSeconds`. Several configurations on one store (two strategies, a
   * router and a module) get the shortest any of them asked for: the safer one.
   */
  limitGrace(graceMs: number): void {
    this.#graceMs = this.#graceGiven ? Math.min(this.#graceMs, graceMs) : graceMs;
    this.#graceGiven = true;
  }

  remember(key: string, value: string | undefined, now: number): void {
    if (this.#revoked.has(key)) return;
    const seen = this.#seen.get(key);
    this.#seen.delete(key);
    // Every guarded request reads its session again, nearly always the same string: the entry it had is
    // moved to the end and dated anew, not replaced by a new object per request.
    if (seen !== undefined && seen.value === value) {
      seen.readAt = now;
      this.#seen.set(key, seen);
      return;
    }
    this.#seen.set(key, { value, readAt: now });
    if (this.#seen.size > MAX_SESSIONS) this.#seen.delete(this.#seen.keys().next().value as string);
  }

  /** The store says the session is gone: nothing to serve any more. */
  forget(key: string): void {
    this.#seen.delete(key);
    this.#revoked.delete(key);
  }

  /** Ended here while the store could not be told: never served again by this process. */
  revoke(key: string, now: number): void {
    this.#seen.delete(key);
    this.#revoked.set(key, now);
    if (this.#revoked.size > MAX_SESSIONS) this.#revoked.delete(this.#revoked.keys().next().value as string);
  }

  isRevoked(key: string): boolean {
    return this.#revoked.has(key);
  }

  /** What to serve while the store cannot answer: what was read within the grace, else nothing. */
  recall(key: string, now: number): Seen | undefined {
    const seen = this.#seen.get(key);
    return seen && now - seen.readAt < this.#graceMs ? seen : undefined;
  }
}

const byStore = new WeakMap<object, RecentSessions>();

/** One per store in a process, whatever the number of providers: keys hold the prefix and a fingerprint. */
export function recentSessionsOf(store: object): RecentSessions {
  let recent = byStore.get(store);
  if (!recent) {
    recent = new RecentSessions();
    byStore.set(store, recent);
  }
  return recent;
}
