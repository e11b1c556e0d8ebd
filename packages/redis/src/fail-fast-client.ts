import { Redis } from 'ioredis';

/**
 * The connection RedisStore opens from a `url`, at once, so it is ready by the first request. Tuned so that no request ever waits on an absent Redis:
 * commands are refused at once while disconnected (no offline queue), a command in flight when the socket
 * drops fails at once (no retries per request), connecting gives up after 1 s, and reconnection keeps
 * trying in the background, at most a second apart, so the store comes back on its own.
 */
export function failFastClient(url: string, connectTimeoutMs: number): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  // Connection errors are expected during an outage and reported once by the store; without a listener
  // ioredis would print each reconnection attempt to the console.
  client.on('error', () => {});
  return client;
}
