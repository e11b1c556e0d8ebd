import { invalidOption } from './web-options.js';

/** Where an adapter writes its lines: `console`, a pino or winston logger, Nest's `Logger`. */
export interface LineLogger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
}

export type LineLevel = 'error' | 'warn';

/**
 * Writes at most one line per key (an error code) per interval: during an outage every request fails the
 * same way, and a line per request buries everything else (a stack per failed request once filled 18 MB in
 * 12 s). Lines held back are counted; when the interval ends the count is written as one more line, and
 * counting goes on while they keep coming, so an outage writes one line per key per interval.
 */
export interface BoundedLogger {
  write(level: LineLevel, key: string, message: string, ...details: unknown[]): void;
  /** Writes the counts still held and stops the timers (they never keep a process alive anyway). */
  close(): void;
}

export const DEFAULT_LOG_INTERVAL_SECONDS = 60;

interface Window {
  level: LineLevel;
  suppressed: number;
  timer: NodeJS.Timeout;
}

export function createBoundedLogger(
  logger: LineLogger,
  options: { intervalSeconds?: number | undefined; owner?: string } = {},
): BoundedLogger {
  const owner = options.owner ?? 'createBoundedLogger';
  if (typeof logger?.error !== 'function' || typeof logger?.warn !== 'function')
    throw invalidOption(owner, 'logger', 'must have error() and warn() methods (console, pino, Nest Logger)');
  const intervalSeconds = options.intervalSeconds ?? DEFAULT_LOG_INTERVAL_SECONDS;
  if (typeof intervalSeconds !== 'number' || !(intervalSeconds > 0) || intervalSeconds > 86_400)
    throw invalidOption(owner, 'logIntervalSeconds', 'must be a number of seconds above 0, at most 86400');
  const windows = new Map<string, Window>();

  const summarize = (key: string, window: Window) => {
    logger[window.level](`ils-auth: ${window.suppressed} more "${key}" in the last ${intervalSeconds} s`);
  };
  const open = (key: string, level: LineLevel) => {
    const timer = setTimeout(() => {
      const window = windows.get(key)!;
      windows.delete(key);
      if (window.suppressed === 0) return;
      summarize(key, window);
      open(key, window.level);
    }, intervalSeconds * 1000);
    timer.unref();
    windows.set(key, { level, suppressed: 0, timer });
  };

  return {
    write(level, key, message, ...details) {
      const window = windows.get(key);
      if (window) {
        window.suppressed += 1;
        return;
      }
      logger[level](message, ...details);
      open(key, level);
    },
    close() {
      for (const [key, window] of windows) {
        clearTimeout(window.timer);
        if (window.suppressed > 0) summarize(key, window);
      }
      windows.clear();
    },
  };
}
