import { Cluster, type Redis } from 'ioredis';

/** What RedisStore talks to: one Redis (standalone, or a Sentinel-managed master) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** Companion keys that must live in the same cluster slot as the key they belong to. */
const COMPANION_SUFFIXES = [':lock', ':backoff'];

/**
 * The Redis key of a store key. On a Cluster the key's own name, minus a companion suffix, becomes its hash
 * tag (`{…}`), so a token, its refresh lock and its backoff always share one slot, and a Lua script or
 * `SET NX` over them never meets a CROSSSLOT error. A prefix that already has a hash tag pins every key to
 * its slot and is left alone. A single Redis keeps the plain layout, so upgrading loses no session.
 */
export function redisKeyFor(prefix: string, key: string, cluster: boolean): string {
  if (!cluster || /\{[^}]+\}/.test(prefix)) return prefix + key;
  const suffix = COMPANION_SUFFIXES.find((candidate) => key.endsWith(candidate)) ?? '';
  const base = key.slice(0, key.length - suffix.length).replace(/[{}]/g, '');
  return `${prefix}{${base}}${suffix}`;
}
