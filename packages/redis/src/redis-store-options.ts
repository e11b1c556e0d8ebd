import type { KeyObject } from 'node:crypto';
import { IlsAuthError, type Logger } from '@ils-auth/core';
import type { Cluster, Redis } from 'ioredis';
import { parseEncryptionKey } from './encryption-key.js';

export interface RedisStoreOptions {
  /**
   * An ioredis client of yours: a `Redis` (also one that follows a Sentinel-managed master:
   * `new Redis({ sentinels, name })`) or a `Cluster`. RedisStore never closes it. Give this or `url`, not both.
   */
  client?: Redis | Cluster;
  /**
   * `redis://` or `rediss://` URL. RedisStore opens its own connection, tuned to fail fast while Redis is
   * away (no offline queue, 1 s connect timeout, no retries per command), and closes it in `close()`.
   */
  url?: string;
  /** Put before every key, so that several apps can share one Redis. Default: none. */
  keyPrefix?: string;
  /**
   * Encrypts every stored value with AES-256-GCM. 32 bytes, or 32 bytes in hex or base64
   * (`openssl rand -base64 32`). Values that do not decrypt with it read as absent. Required unless
   * `encryption: false` (an unset `process.env.…` is refused, not taken as "no encryption").
   */
  encryptionKey?: Buffer | string | undefined;
  /**
   * `false` stores values in clear: app tokens, patron tokens, card numbers and profiles become readable by
   * anyone who can read Redis, its backups or its replication stream. Unsafe outside a test or a Redis
   * that holds nothing else and is as protected as the application's memory. Default: encrypted.
   */
  encryption?: false;
  /**
   * Longest wait for a refresh lock held by another process, in ms; then the refresh runs anyway.
   * Default: the lock's own lifetime (core asks for its token timeout + 5 s), after which it expires anyway.
   */
  lockWaitMs?: number;
  /** Longest wait for one Redis command before the store falls back to process memory. Default 1,000. */
  commandTimeoutMs?: number;
  /** Told once when the store falls back to process memory, and once when Redis is back. */
  logger?: Logger;
}

export interface ResolvedRedisStoreOptions {
  client: Redis | Cluster | undefined;
  url: string | undefined;
  keyPrefix: string;
  encryptionKey: KeyObject | undefined;
  lockWaitMs: number | undefined;
  commandTimeoutMs: number;
  logger: Logger;
}

const silentLogger: Logger = { warn() {}, error() {} };

function configError(option: string, problem: string): IlsAuthError {
  return new IlsAuthError('config_invalid', `RedisStore: option \`${option}\` ${problem}`, {
    retryable: false,
  });
}

function positiveMs(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw configError(name, 'must be a positive number of milliseconds');
  return value;
}

/** Validates once, at construction. Messages name the option, never its value (a URL can hold a password). */
export function resolveRedisStoreOptions(options: RedisStoreOptions): ResolvedRedisStoreOptions {
  if (options === null || typeof options !== 'object')
    throw configError('options', 'must be an object with `client` or `url`');
  const { client, url } = options;
  if ((client === undefined) === (url === undefined))
    throw configError('client', 'or `url`: give exactly one of the two');
  if (client !== undefined && !looksLikeIoredis(client))
    throw configError('client', 'must be an ioredis client (`new Redis(...)` or `new Cluster(...)`)');
  if (url !== undefined && !isRedisUrl(url)) throw configError('url', 'must be a redis:// or rediss:// URL');
  const keyPrefix = options.keyPrefix ?? '';
  if (typeof keyPrefix !== 'string' || !/^[\w.:{}@/-]{0,128}$/.test(keyPrefix))
    throw configError(
      'keyPrefix',
      'must be up to 128 characters of letters, digits and "_ . : - { } @ /" (no spaces)',
    );
  const logger = options.logger ?? silentLogger;
  if (typeof logger?.warn !== 'function' || typeof logger.error !== 'function')
    throw configError('logger', 'must have `warn` and `error` methods');
  return {
    client,
    url,
    keyPrefix,
    lockWaitMs: positiveMs('lockWaitMs', options.lockWaitMs),
    commandTimeoutMs: positiveMs('commandTimeoutMs', options.commandTimeoutMs) ?? 1_000,
    logger,
    // Last, so that a store missing its key is told about the other options' problems first.
    encryptionKey: resolveEncryption(options),
  };
}

/** Encryption at rest is the default: without a key, only an explicit `encryption: false` is accepted. */
function resolveEncryption(options: RedisStoreOptions): KeyObject | undefined {
  const { encryption, encryptionKey } = options;
  if (encryption !== undefined && encryption !== false)
    throw configError('encryption', 'can only be `false` (encryption is on by default)');
  if (encryption === false) {
    if (encryptionKey !== undefined)
      throw configError('encryption', 'is `false` but an `encryptionKey` is given: choose one');
    return undefined;
  }
  if (encryptionKey === undefined)
    throw configError(
      'encryptionKey',
      'is required: 32 random bytes (`openssl rand -base64 32`), or `encryption: false` to store tokens, card numbers and profiles in clear (unsafe)',
    );
  return parseEncryptionKey(encryptionKey);
}

function looksLikeIoredis(client: unknown): client is Redis | Cluster {
  const c = client as Partial<Record<'get' | 'set' | 'eval' | 'getBuffer' | 'on', unknown>> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    ['get', 'set', 'eval', 'getBuffer', 'on'].every((m) => typeof c[m as keyof typeof c] === 'function')
  );
}

function isRedisUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'redis:' || protocol === 'rediss:';
  } catch {
    return false;
  }
}
