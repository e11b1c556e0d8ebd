import type { ProviderAnswer } from '../errors/provider-error.js';
import { directRequest } from './direct-request.js';
import { sendDirect } from './direct-response.js';
import {
  globalDispatcher,
  headersTimeoutDispatcher,
  isHeadersTimeout,
} from './headers-timeout-dispatcher.js';
import { isNodeFetch } from './node-fetch.js';
import { readLimitedBody } from './read-limited-body.js';
import { type FailedRequest, requestFailure } from './request-failure.js';

export interface SendOptions extends FailedRequest {
  fetch: typeof fetch;
}

/**
 * `fetch` with the two guarantees every call of ours needs: a timeout that becomes a typed `timeout`
 * error, and network failures that become `provider_unavailable` instead of a bare `TypeError`.
 * The timeout runs until the response headers arrive (the caller owns the body from there).
 * Redirects are not followed unless `init.redirect` asks for it: a token endpoint that redirects is
 * misconfigured, and following it would resend credentials to wherever it points.
 *
 * On Node's own `fetch` the deadline is undici's (`headersTimeout`, see headers-timeout-dispatcher.ts):
 * this is the path of every API call, and a timer plus an `AbortController` per call would cost more
 * than everything else ils-auth adds to it (bench/README.md, profiles). With a `fetch` of the caller's
 * own, which may not understand undici's `dispatcher` option, or a short deadline, a timer of its own.
 *
 * A read (GET or HEAD, no body, no signal) on Node's own `fetch` skips `fetch` and goes to undici's
 * dispatcher directly (`direct-request.ts`, `direct-response.ts`): the same request on the wire and the
 * same `Response`, for about a third of `fetch`'s CPU. A `fetch` that is not Node's own sees every call.
 */
export function sendRequest(url: string | URL, init: RequestInit, options: SendOptions): Promise<Response> {
  const dispatcher =
    options.fetch === globalThis.fetch ? headersTimeoutDispatcher(options.timeoutMs) : undefined;
  if (!dispatcher)
    return withDeadline(options, (signal) => options.fetch(url, { redirect: 'manual', ...init, signal }));
  const direct =
    options.signal === undefined && isNodeFetch(options.fetch)
      ? directRequest(url, init, options.timeoutMs)
      : undefined;
  const answer = direct
    ? sendDirect(globalDispatcher()!, direct, () => viaFetch(url, init, options, dispatcher))
    : viaFetch(url, init, options, dispatcher);
  return answer.then(undefined, (error: unknown) => {
    throw requestFailure(error, options, isHeadersTimeout(error));
  });
}

/** `fetch` with undici's headers timeout as the deadline (see headers-timeout-dispatcher.ts). */
function viaFetch(url: string | URL, init: RequestInit, options: SendOptions, dispatcher: object) {
  const withDispatcher = { redirect: 'manual', ...init, signal: options.signal, dispatcher } as RequestInit;
  return options.fetch(url, withDispatcher);
}

/** Like `sendRequest`, with the (size-limited) body read inside the same deadline: for token endpoints. */
export async function sendAndRead(
  url: string,
  init: RequestInit,
  options: SendOptions & { maxBodyBytes: number },
): Promise<ProviderAnswer> {
  const started = Date.now();
  return withDeadline(options, async (signal) => {
    const response = await options.fetch(url, { redirect: 'manual', ...init, signal });
    // The abort ends Node's body too; this also holds a `fetch` of the caller's that ignores the signal.
    const left = Math.max(0, options.timeoutMs - (Date.now() - started));
    const bodyText = await readLimitedBody(response, options.maxBodyBytes, options.provider, left);
    return { status: response.status, headers: response.headers, bodyText };
  });
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when the caller's signal does. A plain
 * timer and controller, not `AbortSignal.timeout()`/`AbortSignal.any()`: those cost 40–90 µs per call.
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
    throw requestFailure(error, options, timedOut);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', followCaller);
  }
}
