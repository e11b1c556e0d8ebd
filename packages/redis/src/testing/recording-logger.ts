import type { Logger } from '@ils-auth/core';

export interface LogLine {
  level: 'debug' | 'warn' | 'error';
  message: string;
  context?: Record<string, unknown>;
}

/** A Logger that keeps its lines, so tests can count warnings and check they hold no secret. */
export function recordingLogger(): Logger & { lines: LogLine[]; warnings(match: RegExp): number } {
  const lines: LogLine[] = [];
  const push = (level: LogLine['level']) => (message: string, context?: Record<string, unknown>) => {
    lines.push({ level, message, context });
  };
  return {
    lines,
    debug: push('debug'),
    warn: push('warn'),
    error: push('error'),
    warnings: (match) => lines.filter((l) => l.level === 'warn' && match.test(l.message)).length,
  };
}

/** Resolves when `check` holds, polling; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
