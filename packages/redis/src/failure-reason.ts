/**
 * A short, secret-free name for why Redis failed, for log context: a socket error code (`ECONNREFUSED`),
 * the error word of a Redis reply (`NOAUTH`, `OOM`, `READONLY`) or the error's class name. Never the
 * message itself: ioredis messages can carry command arguments, and those are keys and values.
 */
export function failureReason(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error === null || typeof error !== 'object') return 'unknown';
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  if (name === 'ReplyError' && typeof message === 'string') {
    const word = /^[A-Z]{2,20}\b/.exec(message)?.[0];
    if (word) return word;
  }
  return typeof name === 'string' && /^\w{1,40}$/.test(name) ? name : 'unknown';
}

/**
 * A Redis reply that refuses one command for what it was asked (`ERR`, `WRONGTYPE`): Redis is up, and
 * treating it as an outage would move every key of the process to memory because of one bad key. Replies
 * that say the server cannot serve (`LOADING`, `READONLY`, `OOM`, `NOAUTH`, …) are outages.
 */
export function isCommandRefusal(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'ReplyError' && typeof message === 'string' && /^(ERR|WRONGTYPE)\b/.test(message);
}
