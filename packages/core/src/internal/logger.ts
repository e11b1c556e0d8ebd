/**
 * Where ils-auth reports what it did on its own (a background refresh that failed, a store that fell back).
 * Messages never contain a secret; `context` holds only codes, ids and counts.
 */
export interface Logger {
  debug?(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  warn() {},
  error() {},
};
