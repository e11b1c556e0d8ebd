import { IlsAuthError } from '../errors/ils-auth-error.js';

export interface SendOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  provider: string;
  /** What the request was, for messages: "token request", "patron record request". Never a URL with secrets. */
  purpose: string;
  signal?: AbortSignal;
}

/**
 * `fetch` with the two guarantees every call of ours needs: a timeout that becomes a typed `timeout`
 * error, and network failures that become `provider_unavailable` instead of a bare `TypeError`.
 * Redirects are not followed unless `init.redirect` asks for it: a token endpoint that redirects is
 * misconfigured, and following it would resend credentials to wherever it points.
 */
export async function sendRequest(url: string, init: RequestInit, options: SendOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return await options.fetch(url, { redirect: 'manual', ...init, signal });
  } catch (error) {
    if (timeout.aborted) {
      throw new IlsAuthError(
        'timeout',
        `${options.purpose} to ${options.provider} timed out after ${options.timeoutMs} ms`,
        {
          provider: options.provider,
          cause: error,
        },
      );
    }
    if (options.signal?.aborted) throw error;
    throw new IlsAuthError(
      'provider_unavailable',
      `${options.purpose} to ${options.provider} failed: ${describeNetworkError(error)}`,
      {
        provider: options.provider,
        cause: error,
      },
    );
  }
}

/** The low-level reason (ECONNREFUSED, ECONNRESET, …) without the URL, which may carry a query secret. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'network error';
}
