import { IlsAuthError } from '../errors/ils-auth-error.js';

/** What a failed request was, for the error that reports it. */
export interface FailedRequest {
  provider: string;
  /** "token request", "API request": never a URL, which may carry a secret in its query. */
  purpose: string;
  timeoutMs: number;
  /** The caller's own signal: an abort they asked for is theirs, not ours to re-label. */
  signal?: AbortSignal;
}

/**
 * The error a failed `fetch` becomes: `timeout` when our deadline passed, the caller's own abort as it
 * is, and `provider_unavailable` (with the low-level reason) for everything else the network does.
 */
export function requestFailure(error: unknown, request: FailedRequest, timedOut: boolean): unknown {
  if (error instanceof IlsAuthError) return error;
  if (timedOut) {
    return new IlsAuthError(
      'timeout',
      `${request.purpose} to ${request.provider} timed out after ${request.timeoutMs} ms`,
      { provider: request.provider, cause: error },
    );
  }
  if (request.signal?.aborted) return error;
  return new IlsAuthError(
    'provider_unavailable',
    `${request.purpose} to ${request.provider} failed: ${describeNetworkError(error)}`,
    { provider: request.provider, cause: error },
  );
}

/** The low-level reason (ECONNREFUSED, ECONNRESET, …) without the URL, which may carry a query secret. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'network error';
}
