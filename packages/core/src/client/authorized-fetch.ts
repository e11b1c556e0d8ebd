import { IlsAuthError } from '../errors/ils-auth-error.js';
import { readLimitedBody } from '../http/read-limited-body.js';
import { sendRequest } from '../http/send-request.js';
import { publishEvent } from '../observability/events.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';

/** `RequestInit` plus what ils-auth adds to an API call. */
export interface IlsRequestInit extends RequestInit {
  /** The end user's IP address, sent as `X-Forwarded-For` (Sierra wants it on patron work). */
  forwardedFor?: string;
}

export interface TokenSource {
  get(): Promise<TokenSet>;
  /** A token to retry with after `rejected` was refused; `handedOutAt` is when `rejected` was handed out. */
  replaceRejected(rejected: TokenSet, handedOutAt: number): Promise<TokenSet>;
  now(): number;
}

export interface AuthorizedFetchOptions {
  provider: ProviderDescriptor;
  fetch: typeof fetch;
  userAgent: string;
  timeoutMs: number;
}

/** 64 KiB is plenty to read the error body of a 401 and decide whether the token was refused. */
const REJECTION_BODY_LIMIT = 64 * 1024;

/**
 * One API call with a bearer token. When the provider answers 401 and says the token is bad (the
 * descriptor decides what that looks like), the token is dropped, a new one obtained, and the call
 * retried once. A second 401 is returned as is: never a loop. Each call is published as an
 * `api.responded` or `api.failed` event, the retry included, so tracing sees one call.
 */
export async function authorizedFetch(
  url: URL,
  init: IlsRequestInit,
  tokens: TokenSource,
  options: AuthorizedFetchOptions,
): Promise<Response> {
  const started = tokens.now();
  // Host and port only: a path or query can hold a card number (`patrons/find?barcode=`).
  const call = {
    provider: options.provider.id,
    method: (init.method ?? 'GET').toUpperCase(),
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
  };
  try {
    const { response, retried } = await sendWithOneRetry(url, init, tokens, options);
    const durationMs = tokens.now() - started;
    publishEvent({ type: 'api.responded', ...call, status: response.status, retried, durationMs });
    return response;
  } catch (error) {
    const code = error instanceof IlsAuthError ? error.code : 'unexpected';
    publishEvent({ type: 'api.failed', ...call, code, durationMs: tokens.now() - started });
    throw error;
  }
}

async function sendWithOneRetry(
  url: URL,
  init: IlsRequestInit,
  tokens: TokenSource,
  options: AuthorizedFetchOptions,
): Promise<{ response: Response; retried: boolean }> {
  const { forwardedFor, ...requestInit } = init;
  const send = async (token: TokenSet): Promise<Response> => {
    const headers = new Headers(requestInit.headers);
    headers.set('authorization', token.authorizationHeader());
    if (!headers.has('user-agent')) headers.set('user-agent', options.userAgent);
    if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
    return sendRequest(
      url.href,
      { ...requestInit, headers, redirect: requestInit.redirect ?? 'follow' },
      {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        provider: options.provider.id,
        purpose: 'API request',
        signal: requestInit.signal ?? undefined,
      },
    );
  };

  const handedOutAt = tokens.now();
  const token = await tokens.get();
  const first = await send(token);
  if (first.status !== 401 || !canResend(requestInit.body)) return { response: first, retried: false };
  const bodyText = await readLimitedBody(first.clone(), REJECTION_BODY_LIMIT, options.provider.id).catch(
    () => '',
  );
  if (!options.provider.isTokenRejected({ status: first.status, headers: first.headers, bodyText }))
    return { response: first, retried: false };

  await first.body?.cancel().catch(() => {});
  publishEvent({ type: 'api.unauthorized_retry', provider: options.provider.id });
  return { response: await send(await tokens.replaceRejected(token, handedOutAt)), retried: true };
}

/** A stream body is consumed by the first attempt and cannot be sent again. */
function canResend(body: RequestInit['body']): boolean {
  return !(body instanceof ReadableStream);
}
