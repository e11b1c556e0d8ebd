import { inspect } from 'node:util';
import { IlsAuthError, type Logger, type TokenStore } from '@ils-auth/core';
import { type CounterValue, publishEvent, storeUnavailable } from '@ils-auth/core/extend';
import { incrementCounter } from './atomic-counter.js';
import { compareAndDelete } from './compare-and-delete.js';
import { failFastClient } from './fail-fast-client.js';
import { failureReason, isCommandRefusal } from './failure-reason.js';
import { OutageFallback, type OutageWrite } from './outage-fallback.js';
import { isCluster, type RedisClient, redisKeyFor } from './redis-client.js';
import { jittered, lockOwner, nextPollDelay, release, tryAcquire } from './redis-lock.js';
import { type RedisStoreOptions, resolveRedisStoreOptions } from './redis-store-options.js';
import { bury, isTombstone, setUnlessBuried } from './tombstone.js';
import { ValueCipher } from './value-cipher.js';
import { afterPendingIo, sleep, withTimeout } from './with-timeout.js';

/** Where the store's values go right now. */
export type RedisStoreMode = 'connecting' | 'redis' | 'fallback';

// While in fallback, Redis is asked at most this often whether it is back (besides ioredis' `ready`).
const PROBE_INTERVAL_MS = 1_000;

/**
 * A `TokenStore` in Redis, shared by every process of an application:
 * - values expire in Redis (`PX`) exactly when core asked; `deleteIfValue` is an atomic compare-and-delete;
 * - `withLock` is a cluster-wide lock (`SET NX PX` with a random owner, released by compare-and-delete),
 *   so that one process refreshes a token and the others adopt it;
 * - with `encryptionKey`, values are AES-256-GCM encrypted at rest;
 * - when Redis is unreachable, values and locks move to process memory (logged once) and come back to
 *   Redis by themselves when it returns. No request waits on an absent Redis for longer than
 *   `commandTimeoutMs`.
 */
export class RedisStore implements TokenStore {
  readonly #client: RedisClient;
  readonly #cluster: boolean;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #cipher: ValueCipher | undefined;
  readonly #lockWaitMs: number | undefined;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #fallback = new OutageFallback();
  #mode: RedisStoreMode = 'connecting';
  #firstConnection: Promise<boolean> | undefined;
  #probing = false;
  #lastProbeAt = 0;
  #undecryptableReported = false;
  // Why the last connection attempt failed (socket code only), for the one fallback warning.
  #lastConnectionError: string | undefined;
  readonly #onReady = () => {
    this.#lastConnectionError = undefined;
    if (this.#mode === 'fallback') this.#probe();
  };

  constructor(options: RedisStoreOptions) {
    const resolved = resolveRedisStoreOptions(options);
    this.#ownsClient = resolved.client === undefined;
    this.#client = resolved.client ?? failFastClient(resolved.url as string, resolved.commandTimeoutMs);
    this.#prefix = resolved.keyPrefix;
    this.#cluster = isCluster(this.#client);
    this.#cipher = resolved.encryptionKey && new ValueCipher(resolved.encryptionKey);
    this.#lockWaitMs = resolved.lockWaitMs;
    this.#timeoutMs = resolved.commandTimeoutMs;
    this.#logger = resolved.logger;
    this.#client.on('ready', this.#onReady);
    // Only on our own connection: a listener on the caller's client would silence ioredis' default report.
    if (this.#ownsClient)
      this.#client.on('error', (error: unknown) => {
        this.#lastConnectionError = failureReason(error);
      });
  }

  /** `redis` normally; `fallback` while Redis is unreachable and values live in this process. */
  get mode(): RedisStoreMode {
    return this.#mode;
  }

  get keyPrefix(): string {
    return this.#prefix;
  }

  async get(key: string): Promise<string | undefined> {
    const redisKey = this.#redisKey(key);
    return this.#run(
      async (client) => {
        if (!this.#cipher) {
          const value = await client.get(redisKey);
          return value === null || isTombstone(value) ? undefined : value;
        }
        const sealed = await client.getBuffer(redisKey);
        return isTombstone(sealed) ? undefined : this.#open(redisKey, sealed);
      },
      () => this.#fallback.get(key),
    );
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return this.delete(key);
    const redisKey = this.#redisKey(key);
    await this.#run(
      async (client) => {
        await client.set(redisKey, this.#seal(redisKey, value), 'PX', redisTtl(ttlMs));
      },
      () => this.#fallback.set(key, value, ttlMs),
    );
  }

  async delete(key: string): Promise<void> {
    const redisKey = this.#redisKey(key);
    await this.#run(
      async (client) => {
        await client.del(redisKey);
      },
      () => this.#fallback.delete(key),
    );
  }

  /**
   * Deletes `key` only while it holds exactly `expected`, atomically (a Lua compare-and-delete), so that
   * dropping a refused token never deletes the fresh one another process stored a moment before. With
   * encryption the stored bytes differ from `expected` (random IV): the value is read and decrypted, and
   * the delete then compares the exact bytes read, so a value written in between survives.
   */
  async deleteIfValue(key: string, expected: string): Promise<boolean> {
    const redisKey = this.#redisKey(key);
    return this.#run(
      async (client) => {
        if (!this.#cipher) return compareAndDelete(client, redisKey, expected);
        const sealed = await client.getBuffer(redisKey);
        if (sealed === null || this.#open(redisKey, sealed) !== expected) return false;
        return compareAndDelete(client, redisKey, sealed);
      },
      () => this.#fallback.deleteIfValue(key, expected),
    );
  }

  /**
   * Stores `value` only when `key` is free (`SET NX PX`, one step on the server): of two processes that
   * receive the same sign-in callback at once, exactly one gets `true` and exchanges the code.
   */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const redisKey = this.#redisKey(key);
    return this.#run(
      async (client) =>
        (await client.set(redisKey, this.#seal(redisKey, value), 'PX', redisTtl(ttlMs), 'NX')) === 'OK',
      () => this.#fallback.setIfAbsent(key, value, ttlMs),
    );
  }

  /**
   * Adds `by` to a counter in one Lua script (`INCRBY`, then `PEXPIRE` only when it was created). Counters
   * hold a number, not a secret, and are not encrypted. During an outage this throws `store_unavailable`:
   * a count made in one process would let each process grant a card its own allowance, and core's
   * throttle decides what to do instead (refuse PIN sign-ins, or count per process when the app chose to).
   */
  async increment(key: string, by: number, ttlMs: number): Promise<CounterValue> {
    const redisKey = this.#redisKey(key);
    return this.#run(
      (client) => incrementCounter(client, redisKey, by, redisTtl(ttlMs)),
      () => Promise.reject(storeUnavailable('Redis is unreachable; shared counters cannot be counted')),
    );
  }

  /**
   * Runs `fn` holding a Redis lock on `key`. Waiters poll (5 ms, growing to 50 ms, with jitter) until the
   * lock is free, then take it in turn; core re-reads the store inside `fn`, so a waiter finds the token the
   * holder stored and does not refresh again. Past `lockWaitMs` (default: the lock's lifetime) a waiter runs
   * `fn` without the lock rather than fail the request. In fallback, the lock is process-local.
   */
  async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    if (!(await this.#usable())) return this.#fallback.withLock(key, ttlMs, fn);
    const lockKey = this.#redisKey(key);
    const ttl = redisTtl(ttlMs);
    const owner = lockOwner();
    const deadline = Date.now() + (this.#lockWaitMs ?? ttl);
    let delay = 5;
    for (;;) {
      let acquired: boolean;
      try {
        acquired = await withTimeout(tryAcquire(this.#client, lockKey, owner, ttl), this.#timeoutMs);
      } catch (error) {
        this.#enterFallback(error);
        return this.#fallback.withLock(key, ttlMs, fn);
      }
      if (acquired) break;
      if (Date.now() >= deadline) {
        this.#logger.warn('ils-auth: a refresh lock stayed taken past lockWaitMs; running without it', {
          waitedMs: this.#lockWaitMs ?? ttl,
        });
        return fn();
      }
      await sleep(Math.min(jittered(delay), Math.max(1, deadline - Date.now())));
      delay = nextPollDelay(delay);
      if (this.#mode === 'fallback') return this.#fallback.withLock(key, ttlMs, fn);
    }
    try {
      return await fn();
    } finally {
      // A failed release is harmless: the lock expires after `ttl` on its own.
      await withTimeout(release(this.#client, lockKey, owner), this.#timeoutMs).catch(() => {});
    }
  }

  /** Stops listening to the client; closes the connection if the store opened it from a `url`. */
  async close(): Promise<void> {
    this.#client.off('ready', this.#onReady);
    if (!this.#ownsClient) return;
    try {
      await withTimeout(this.#client.quit(), this.#timeoutMs);
    } catch {
      this.#client.disconnect();
    }
  }

  /**
   * This store keeps ils-auth's tokens; it is not an event emitter, nor an express-session store, though it
   * shares its name with connect-redis's. express-session calls `on()` on the store it is given as soon as
   * it is set up: the mistake is named there, instead of failing as `store.on is not a function`.
   */
  on(_event: string): never {
    throw new IlsAuthError(
      'config_invalid',
      "RedisStore of @ils-auth/redis keeps ils-auth's tokens and is not an express-session store: give " +
        "express-session connect-redis's RedisStore (both can share one ioredis client), and this one to " +
        "ils-auth's `store` option",
      { retryable: false },
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      type: 'RedisStore',
      keyPrefix: this.#prefix,
      encrypted: this.#cipher !== undefined,
      mode: this.#mode,
    };
  }

  [inspect.custom](): string {
    const { type: _type, ...shown } = this.toJSON();
    return `RedisStore ${inspect(shown, { breakLength: Number.POSITIVE_INFINITY })}`;
  }

  /** One operation on Redis when it is usable, else (or when it fails now) on process memory. */
  async #run<T>(onRedis: (client: RedisClient) => Promise<T>, onLocal: () => Promise<T>): Promise<T> {
    if (!(await this.#usable())) return onLocal();
    try {
      return await withTimeout(onRedis(this.#client), this.#timeoutMs);
    } catch (error) {
      // Redis answered, refusing this command: not an outage. The reply itself is not passed on (ioredis
      // attaches the command's arguments: keys and values).
      if (isCommandRefusal(error)) throw new Error(`Redis refused the command (${failureReason(error)})`);
      this.#enterFallback(error);
      return onLocal();
    }
  }

  async #usable(): Promise<boolean> {
    if (this.#mode === 'redis') {
      if (this.#client.status === 'ready') return true;
      // The socket is gone: waiting for ioredis to reconnect would hold the request.
      this.#enterFallback(this.#lastConnectionError ?? `connection ${this.#client.status}`);
      return false;
    }
    if (this.#mode === 'connecting') {
      this.#firstConnection ??= this.#connectFirst();
      return this.#firstConnection;
    }
    if (this.#client.status === 'ready' && Date.now() - this.#lastProbeAt >= PROBE_INTERVAL_MS) this.#probe();
    return false;
  }

  /**
   * At start-up, requests wait for the first connection instead of falling back: until it is ready, fails
   * (refused: at once), or twice `commandTimeoutMs` pass (the connect timeout, then the ready check).
   */
  async #connectFirst(): Promise<boolean> {
    const client = this.#client;
    if (client.status === 'wait') client.connect().catch(() => {});
    if (client.status !== 'ready') {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          client.off('ready', done);
          client.off('close', done);
          client.off('end', done);
          resolve();
        };
        const timer = setTimeout(() => afterPendingIo(done), 2 * this.#timeoutMs);
        timer.unref();
        client.on('ready', done);
        client.on('close', done);
        client.on('end', done);
      });
    }
    if (this.#mode !== 'connecting') return this.#mode === 'redis';
    if (client.status === 'ready') {
      this.#mode = 'redis';
      return true;
    }
    this.#enterFallback(this.#lastConnectionError ?? `connection ${client.status}`);
    return false;
  }

  #enterFallback(error: unknown): void {
    if (this.#mode === 'fallback') return;
    this.#mode = 'fallback';
    this.#lastProbeAt = Date.now();
    this.#logger.warn(
      'ils-auth: Redis is unreachable; tokens, sessions and refresh locks are kept in this process until it is back',
      { store: 'RedisStore', reason: failureReason(error) },
    );
    publishEvent({ type: 'store.fallback', store: 'RedisStore', reason: failureReason(error) });
  }

  /** Checks that Redis answers, copies the outage's writes to it, then serves from it again. */
  #probe(): void {
    if (this.#probing || this.#mode !== 'fallback') return;
    this.#probing = true;
    this.#lastProbeAt = Date.now();
    void (async () => {
      try {
        await withTimeout(this.#client.ping(), this.#timeoutMs);
        // Writes keep arriving while we copy; loop until none is left, then switch in the same tick.
        for (let round = 0; this.#fallback.pendingWrites > 0; round++) {
          if (round === 10) throw new Error('writes kept arriving during the replay');
          const { writes, commit } = await this.#fallback.pending();
          await withTimeout(this.#replay(writes), this.#timeoutMs * 5);
          commit();
        }
        this.#fallback.reset();
        this.#mode = 'redis';
        this.#logger.warn('ils-auth: Redis is reachable again; the shared store is in use again', {
          store: 'RedisStore',
        });
        publishEvent({ type: 'store.recovered', store: 'RedisStore' });
      } catch {
        // Still unreachable: stay in fallback; the next `ready` or request tries again.
      } finally {
        this.#probing = false;
        this.#lastProbeAt = Date.now();
      }
    })();
  }

  /**
   * Copies an outage's writes, one command per key (on a Cluster they live in different slots). A delete
   * becomes a tombstone and a write never overwrites one, so a logout made during the outage wins over
   * what other processes wrote meanwhile, in whatever order the processes copy.
   */
  async #replay(writes: OutageWrite[]): Promise<void> {
    await Promise.all(
      writes.map((write) => {
        const redisKey = this.#redisKey(write.key);
        if (write.kind === 'delete') return bury(this.#client, redisKey);
        const sealed = this.#seal(redisKey, write.value);
        return setUnlessBuried(this.#client, redisKey, sealed, redisTtl(write.ttlMs));
      }),
    );
  }

  #redisKey(key: string): string {
    return redisKeyFor(this.#prefix, key, this.#cluster);
  }

  #seal(redisKey: string, value: string): string | Buffer {
    return this.#cipher ? this.#cipher.seal(redisKey, value) : value;
  }

  #open(redisKey: string, sealed: Buffer | null): string | undefined {
    if (sealed === null) return undefined;
    const value = this.#cipher?.open(redisKey, sealed);
    if (value === undefined && !this.#undecryptableReported) {
      // Once per store: a wrong key across a fleet would otherwise log on every request.
      this.#undecryptableReported = true;
      this.#logger.warn(
        'ils-auth: a value in Redis did not decrypt (another encryptionKey, or altered); it reads as absent',
        { store: 'RedisStore' },
      );
    }
    return value;
  }
}

/** Redis wants whole milliseconds >= 1; an infinite lifetime is capped at ~24 days rather than refused. */
function redisTtl(ttlMs: number): number {
  return Math.max(1, Math.min(Math.ceil(ttlMs), 2 ** 31 - 1));
}
