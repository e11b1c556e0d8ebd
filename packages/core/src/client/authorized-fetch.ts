import { IlsAuthError } from '../errors/ils-auth-error.js';
import { readLimitedBody } from '../http/read-limited-body.js';
import { sendRequest } from '../http/send-request.js';
import { eventsObserved, publishEvent } from '../observability/events.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import { apiRequestHeaders } from './api-request-headers.js';
import type { CredentialAttachment } from './app-auth/outgoing-request.js';

/** `RequestInit` plus what ils-auth adds to an API call. */
export interface IlsRequestInit extends RequestInit {
  /**
   * The end user's IP address, sent as `X-Forwarded-For` (Sierra wants it on patron work). `undefined` sends
   * none, so Express's `req.ip` (`string | undefined`) can be passed as it is.
   */
  forwardedFor?: string | undefined;
}

export interface TokenSource {
  get(): Promise<TokenSet>;
  /** A token that can be handed out at `now` without waiting, if there is one. */
  ready(now: number): TokenSet | undefined;
  /** A token to retry with after `rejected` was refused; `handedOutAt` is when `rejected` was handed out. */
  replaceRejected(rejected: TokenSet, handedOutAt: number): Promise<TokenSet>;
  now(): number;
}

export interface AuthorizedFetchOptions {
  provider: ProviderDescriptor;
  fetch: typeof fetch;
  userAgent: string;
  timeoutMs: number;
  /** How the credential goes on the request; absent: `Authorization: Bearer` (OAuth). */
  attach?: CredentialAttachment;
  /** Statuses whose answers may refuse the token (the descriptor's `isTokenRejected` decides); default 401. */
  rejectionStatuses?: readonly number[];
}

/** 64 KiB is plenty to read the error body of a 401 and decide whether the token was refused. */
const REJECTION_BODY_LIMIT = 64 * 1024;

/**
 * One API call with a bearer token. When the provider answers 401 and says the token is bad (the
 * descriptor decides what that looks like), the token is dropped, a new one obtained, and the call
 * retried once. A second 401 is returned as is: never a loop. While anyone listens to ils-auth's events
 * (tracing), each call is published as `api.responded` or `api.failed`, the retry included.
 *
 * Not an async function, on purpose: with a token in memory the call is `fetch` and one reaction to its
 * answer, with no promise of ours waited on before the request leaves.
 */
export function authorizedFetch(
  url: string | URL,
  init: IlsRequestInit,
  tokens: TokenSource,
  options: AuthorizedFetchOptions,
): Promise<Response> {
  const handedOutAt = tokens.now();
  // Only while someone listens: no allocation on the path nobody observes.
  const observed = eventsObserved() ? { retried: false } : undefined;
  // No named closures here: the build keeps function names (tsup `keepNames`), which gives each named
  // closure an `Object.defineProperty` when it is made, about half a microsecond per call. The callbacks
  // are anonymous arrows, and the steps after the answer module functions over one record of the call.
  let answer: Promise<Response>;
  const ready = tokens.ready(handedOutAt);
  if (!ready)
    answer = tokens.get().then((token) => {
      const call: Call = { url, init, token, handedOutAt, tokens, options, observed };
      return sendWithToken(url, init, token, options).then((first) => retryIfRefused(first, call));
    });
  else {
    try {
      const call: Call = { url, init, token: ready, handedOutAt, tokens, options, observed };
      answer = sendWithToken(url, init, ready, options).then((first) => retryIfRefused(first, call));
    } catch (error) {
      // Headers fetch refuses, say: a rejection like every other failure, never a throw.
      answer = Promise.reject(error);
    }
  }
  return observed
    ? publishOutcome(answer, url, init, options.provider, handedOutAt, tokens, observed)
    : answer;
}

/** One call as it was sent: what a retry needs. */
interface Call {
  url: string | URL;
  init: IlsRequestInit;
  token: TokenSet;
  handedOutAt: number;
  tokens: TokenSource;
  options: AuthorizedFetchOptions;
  observed: { retried: boolean } | undefined;
}

/** The first answer, or the one retry's when it refused the token (see `retryAfterRefusal`). */
function retryIfRefused(first: Response, call: Call): Response | Promise<Response> {
  const { rejectionStatuses } = call.options;
  const refusable = rejectionStatuses ? rejectionStatuses.includes(first.status) : first.status === 401;
  return refusable && canResend(call.init.body) ? retryAfterRefusal(first, call) : first;
}

/** `api.responded` or `api.failed` for one call: host and port only, as a path or query can hold a card number. */
function publishOutcome(
  answer: Promise<Response>,
  url: string | URL,
  init: IlsRequestInit,
  provider: ProviderDescriptor,
  started: number,
  tokens: TokenSource,
  observed: { retried: boolean },
): Promise<Response> {
  const target = new URL(url);
  const call = {
    provider: provider.id,
    method: (init.method ?? 'GET').toUpperCase(),
    host: target.hostname,
    port: Number(target.port) || (target.protocol === 'https:' ? 443 : 80),
  };
  return answer.then(
    (response) => {
      const durationMs = tokens.now() - started;
      publishEvent({
        type: 'api.responded',
        ...call,
        status: response.status,
        retried: observed.retried,
        durationMs,
      });
      return response;
    },
    (error: unknown) => {
      const code = error instanceof IlsAuthError ? error.code : 'unexpected';
      publishEvent({ type: 'api.failed', ...call, code, durationMs: tokens.now() - started });
      throw error;
    },
  );
}

function sendWithToken(
  url: string | URL,
  init: IlsRequestInit,
  token: TokenSet,
  options: AuthorizedFetchOptions,
): Promise<Response> {
  // A property before the spread, on purpose: V8 copies `{ ...init, more }` on a slow path that costs
  // microseconds per call, `{ first, ...init, more }` on its fast one.
  const requestInit: IlsRequestInit = {
    redirect: 'follow',
    ...init,
    // Ours, not fetch's: it becomes a header and goes no further.
    forwardedFor: undefined,
    headers: options.attach
      ? undefined
      : apiRequestHeaders(token, options.userAgent, init.headers, init.forwardedFor),
  };
  let target = url;
  if (options.attach) {
    const headers = new Headers(init.headers);
    if (!headers.has('user-agent')) headers.set('user-agent', options.userAgent);
    if (init.forwardedFor) headers.set('x-forwarded-for', init.forwardedFor);
    const method = (init.method ?? 'GET').toUpperCase();
    const attached = options.attach(token, { url: String(url), method, headers, body: init.body });
    target = attached.url;
    requestInit.headers = attached.headers;
    requestInit.body = attached.body;
  }
  return sendRequest(target, requestInit, {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    provider: options.provider.id,
    purpose: 'API request',
    signal: init.signal ?? undefined,
  });
}

/** The one retry, when the 401 says the token itself was refused; any other 401 is the caller's. */
async function retryAfterRefusal(first: Response, call: Call): Promise<Response> {
  const { url, init, token, handedOutAt, tokens, options, observed } = call;
  const { provider, timeoutMs } = options;
  const bodyText = await readLimitedBody(first.clone(), REJECTION_BODY_LIMIT, provider.id, timeoutMs).catch(
    () => '',
  );
  if (!provider.isTokenRejected({ status: first.status, headers: first.headers, bodyText })) return first;
  await first.body?.cancel().catch(() => {});
  publishEvent({ type: 'api.unauthorized_retry', provider: provider.id });
  if (observed) observed.retried = true;
  return sendWithToken(url, init, await tokens.replaceRejected(token, handedOutAt), options);
}

/** A stream body is consumed by the first attempt and cannot be sent again. */
function canResend(body: RequestInit['body']): boolean {
  return !(body instanceof ReadableStream);
}
