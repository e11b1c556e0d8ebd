import { MemoryStore } from '@ils-auth/core';
import { storeUnavailable } from '@ils-auth/core/extend';

/** What was written while Redis was away, to be copied to Redis when it is back. */
export type OutageWrite =
  | { key: string; kind: 'set'; value: string; ttlMs: number }
  | { key: string; kind: 'delete' };

type JournalEntry = { kind: 'set'; expiresAt: number } | { kind: 'delete' };

// The same bound as MemoryStore's default: an outage cannot grow memory without limit.
const MAX_ENTRIES = 100_000;

/**
 * Process memory standing in for Redis during an outage: core's `MemoryStore` for values and its
 * in-process lock for refreshes, so single-flight holds within the process while the cluster-wide lock is
 * unavailable. Every write is also journaled, so that when Redis is back a logout done during the outage
 * stays done (the key is deleted in Redis too) and a session started during it survives.
 */
export class OutageFallback {
  #values = new MemoryStore({ maxEntries: MAX_ENTRIES });
  // Locks outlive a reset: a refresh that started during the outage still excludes its peers.
  readonly #locks = new MemoryStore();
  readonly #journal = new Map<string, JournalEntry>();

  /**
   * A key written or deleted during the outage reads from here. Any other key is unknown (Redis holds it,
   * or not): `store_unavailable`, so that core does not take "not here" for "gone" and sign a patron out.
   */
  get(key: string): Promise<string | undefined> {
    if (!this.#journal.has(key))
      return Promise.reject(
        storeUnavailable('Redis is unreachable and this key was not written during the outage'),
      );
    return this.#values.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#values.set(key, value, ttlMs);
    this.#record(key, ttlMs > 0 ? { kind: 'set', expiresAt: Date.now() + ttlMs } : { kind: 'delete' });
  }

  async delete(key: string): Promise<void> {
    await this.#values.delete(key);
    this.#record(key, { kind: 'delete' });
  }

  async deleteIfValue(key: string, expected: string): Promise<boolean> {
    const deleted = await this.#values.deleteIfValue(key, expected);
    if (deleted) this.#record(key, { kind: 'delete' });
    return deleted;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const stored = await this.#values.setIfAbsent(key, value, ttlMs);
    if (stored) this.#record(key, { kind: 'set', expiresAt: Date.now() + ttlMs });
    return stored;
  }

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    return this.#locks.withLock(key, ttlMs, fn);
  }

  get pendingWrites(): number {
    return this.#journal.size;
  }

  /**
   * The journaled writes as they stand now; `commit` then forgets exactly those (a key written again
   * meanwhile keeps its newer entry), so a failed replay loses nothing.
   */
  async pending(): Promise<{ writes: OutageWrite[]; commit: () => void }> {
    const taken = [...this.#journal];
    const writes: OutageWrite[] = [];
    const now = Date.now();
    for (const [key, entry] of taken) {
      if (entry.kind === 'delete') {
        writes.push({ key, kind: 'delete' });
        continue;
      }
      const value = await this.#values.get(key);
      // Expired or evicted since: nothing to copy, and nothing to delete either.
      if (value !== undefined && entry.expiresAt > now)
        writes.push({ key, kind: 'set', value, ttlMs: entry.expiresAt - now });
    }
    return {
      writes,
      commit: () => {
        for (const [key, entry] of taken) if (this.#journal.get(key) === entry) this.#journal.delete(key);
      },
    };
  }

  /** Forgets the values once Redis holds them again; the next outage starts empty. */
  reset(): void {
    this.#values = new MemoryStore({ maxEntries: MAX_ENTRIES });
    this.#journal.clear();
  }

  #record(key: string, entry: JournalEntry): void {
    this.#journal.delete(key);
    this.#journal.set(key, entry);
    if (this.#journal.size > MAX_ENTRIES) {
      const oldest = this.#journal.keys().next().value as string;
      this.#journal.delete(oldest);
    }
  }
}
