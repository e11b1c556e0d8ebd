import { randomBytes } from 'node:crypto';
import { compareAndDelete } from './compare-and-delete.js';
import type { RedisClient } from './redis-client.js';

/** An unguessable value that identifies one holding of one lock. */
export function lockOwner(): string {
  return randomBytes(16).toString('base64url');
}

/** `SET key owner NX PX ttl`: true when this caller now holds the lock. */
export async function tryAcquire(
  client: RedisClient,
  lockKey: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  return (await client.set(lockKey, owner, 'PX', ttlMs, 'NX')) === 'OK';
}

/**
 * True when the lock was ours and is now gone; false when it had expired or passed to someone else. Only
 * the owner may delete it: a holder whose lock expired while it worked must not delete the lock a second
 * process took over meanwhile.
 */
export function release(client: RedisClient, lockKey: string, owner: string): Promise<boolean> {
  return compareAndDelete(client, lockKey, owner);
}

/** Poll delays while another process holds the lock: short first (a refresh takes milliseconds). */
export function nextPollDelay(previousMs: number): number {
  return Math.min(previousMs * 1.5, 50);
}

/** ±50 % so that the waiters of several processes do not poll in step. */
export function jittered(ms: number): number {
  return ms * (0.5 + Math.random());
}
