import type { RedisClient } from './redis-client.js';

/**
 * What a key holds after a delete made during an outage was copied to Redis: no value, core or ciphertext,
 * can equal it. It reads as absent, and it keeps a write that another process made during the same outage
 * (a refreshed session of a patron who logged out elsewhere) from bringing the key back when that process
 * copies its own writes.
 */
export const TOMBSTONE = '\u0000ils-auth:deleted';

/** How long a tombstone lasts when the deleted key is already gone from Redis (a restart lost it). */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;

const BURY = `local ttl = redis.call("pttl", KEYS[1])
if ttl < 1 then ttl = tonumber(ARGV[2]) end
redis.call("set", KEYS[1], ARGV[1], "PX", ttl)
return 1`;

const SET_UNLESS_BURIED = `if redis.call("get", KEYS[1]) == ARGV[1] then return 0 end
redis.call("set", KEYS[1], ARGV[2], "PX", ARGV[3])
return 1`;

/** Replaces a key by a tombstone that lives as long as the value would have (or a day when it is gone). */
export async function bury(client: RedisClient, redisKey: string): Promise<void> {
  await client.eval(BURY, 1, redisKey, TOMBSTONE, String(TOMBSTONE_TTL_MS));
}

/** A write copied from an outage: it never overwrites a tombstone. */
export async function setUnlessBuried(
  client: RedisClient,
  redisKey: string,
  value: string | Buffer,
  ttlMs: number,
): Promise<void> {
  await client.eval(SET_UNLESS_BURIED, 1, redisKey, TOMBSTONE, value, String(ttlMs));
}

export function isTombstone(value: string | Buffer | null): boolean {
  return value !== null && value.toString('utf8') === TOMBSTONE;
}
