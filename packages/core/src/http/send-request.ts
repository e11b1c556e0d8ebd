import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { ProviderAnswer } from '../errors/provider-error.js';
import { readLimitedBody } from './read-limited-body.js';

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
 * The timeout runs until the response headers arrive (the caller owns the body from there).
 * Redirects are not followed unless `init.redirect` asks for it: a token endpoint that redirects is
 * misconfigured, and following it would resend credentials to wherever it points.
 */
export async function sendRequest(url: string, init: RequestInit, options: SendOptions): Promise<Response> {
  return withDeadline(options, (signal) => options.fetch(url, { redirect: 'manual', ...init, signal }));
}

/** Like `sendRequest`, with the (size-limited) body read inside the same deadline: for token endpoints. */
export async function sendAndRead(
  url: string,
  init: RequestInit,
  options: SendOptions & { maxBodyBytes: number },
): Promise<ProviderAnswer> {
  return withDeadline(options, async (signal) => {
    const response = await options.fetch(url, { redirect: 'manual', ...init, signal });
    const bodyText = await readLimitedBody(response, options.maxBodyBytes, options.provider);
    return { status: response.status, headers: response.headers, bodyText };
  });
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when the caller's signal does. A plain
 * timer and controller, not `AbortSignal.timeout()`/`AbortSignal.any()`: those cost 40–90 µs per call,
 * more than everything else ils-auth adds to an API call (bench/fetch-overhead.mjs).
 */
async function withDeadline<T>(options: SendOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const caller = options.signal;
  const followCaller = () => controller.abort(caller?.reason);
  if (caller?.aborted) followCaller();
  else caller?.addEventListener('abort', followCaller, { once: true });
  try {
    return await work(controller.signal);
  } catch (error) {
    if (error instanceof IlsAuthError) throw error;
    if (timedOut) {
      throw new IlsAuthError(
        'timeout',
        `${options.purpose} to ${options.provider} timed out after ${options.timeoutMs} ms`,
        {
          provider: options.provider,
          cause: error,
        },
      );
    }
    if (caller?.aborted) throw error;
    throw new IlsAuthError(
      'provider_unavailable',
      `${options.purpose} to ${options.provider} failed: ${describeNetworkError(error)}`,
      {
        provider: options.provider,
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', followCaller);
  }
}

/** The low-level reason (ECONNREFUSED, ECONNRESET, …) without the URL, which may carry a query secret. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'network error';
}
