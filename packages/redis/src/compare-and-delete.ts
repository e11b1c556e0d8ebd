import type { RedisClient } from './redis-client.js';

/**
 * Deletes a key only while it holds exactly `expected`, in one step on the server. Both the lock release
 * (only its owner may release it) and `deleteIfValue` (a refused token is dropped only if no one replaced
 * it meanwhile) need the comparison and the delete to be one atomic operation.
 */
const SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1])
end
return 0`;

/** True when the key held `expected` and is now gone. */
export async function compareAndDelete(
  client: RedisClient,
  key: string,
  expected: string | Buffer,
): Promise<boolean> {
  return (await client.eval(SCRIPT, 1, key, expected)) === 1;
}
