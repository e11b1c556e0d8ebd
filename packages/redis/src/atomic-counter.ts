import type { CounterValue } from '@ils-auth/core/extend';
import type { RedisClient } from './redis-client.js';

/**
 * `TokenStore.increment` in one step on the server: the count, its window (set only when the counter is
 * created, so a window starts at its first count) and the time it has left. Two processes counting the same
 * card at the same moment get two different counts, which is what keeps parallel PIN guesses under the limit.
 * A key that holds anything but an integer (the tombstone an older version left when it copied an outage's
 * delete of a counter) is a counter that was reset: it starts again instead of failing every INCRBY.
 */
const SCRIPT = `local current = redis.call("get", KEYS[1])
if current and not string.match(current, "^-?%d+$") then redis.call("del", KEYS[1]) end
local value = redis.call("incrby", KEYS[1], ARGV[1])
if value <= 0 then
  redis.call("del", KEYS[1])
  return {0, 0}
end
local ttl = redis.call("pttl", KEYS[1])
if ttl < 0 then
  redis.call("pexpire", KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {value, ttl}`;

export async function incrementCounter(
  client: RedisClient,
  key: string,
  by: number,
  ttlMs: number,
): Promise<CounterValue> {
  const [value, ttl] = (await client.eval(SCRIPT, 1, key, String(Math.trunc(by)), String(ttlMs))) as [
    number,
    number,
  ];
  return { value: Number(value), ttlMs: Number(ttl) };
}
