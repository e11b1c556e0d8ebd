import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';

/** What every grant needs from its caller; `createClient` and `createPatronAuth` fill it in from their options. */
export interface GrantContext {
  fetch: typeof fetch;
  /** Milliseconds before a token request gives `timeout`. */
  timeoutMs: number;
  /** Largest token response body accepted. */
  maxBodyBytes: number;
  now: Clock;
  userAgent: string;
  signal?: AbortSignal;
  /** Told when a token response had to be corrected (an `expires_in` past the longest lifetime we keep). */
  logger?: Logger;
}
