/** A Redis command that took longer than `commandTimeoutMs`: the server is treated as unreachable. */
export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  readonly code = 'ETIMEDOUT';
}

/**
 * Settles with `promise`, or rejects once `ms` pass. ioredis would wait for a hung server (a paused process,
 * a dead peer whose socket is still open) for as long as TCP does; a request must not.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandTimeoutError(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
