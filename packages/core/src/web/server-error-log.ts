import { isIlsAuthError } from '../errors/ils-auth-error.js';
import type { BoundedLogger } from './bounded-logger.js';

/**
 * Logs an error answered with a 5xx, at most once per status and code per interval (see
 * `createBoundedLogger`). An `IlsAuthError` is one line (status, code, message: ils-auth writes its
 * messages without secrets), an error of ours to fix (500) at `error` and a provider's outage or bad answer
 * (502-504) at `warn`, without a stack. Any other error is the application's own bug: its stack is the
 * only lead, so it is passed along, once per interval rather than once per request.
 */
export function logServerError(log: BoundedLogger, error: unknown, status: number): void {
  if (isIlsAuthError(error)) {
    const key = `${status} ${error.code}`;
    log.write(status === 500 ? 'error' : 'warn', key, `ils-auth: ${key}: ${error.message}`);
    return;
  }
  const name = error instanceof Error ? error.name : typeof error;
  log.write('error', '500 internal_error', `ils-auth: 500 internal_error: an unexpected ${name}`, error);
}
