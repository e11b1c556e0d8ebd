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
    timer = setTimeout(
      () => afterPendingIo(() => reject(new CommandTimeoutError(`no answer within ${ms} ms`))),
      ms,
    );
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `fn` after the I/O already waiting has been handled. When the event loop was blocked (a busy or
 * starved process), timers run before the poll phase reads sockets, so an answer sitting in the socket
 * would otherwise lose to its own timeout and a healthy Redis would be declared unreachable.
 */
export function afterPendingIo(fn: () => void): void {
  setImmediate(fn);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
