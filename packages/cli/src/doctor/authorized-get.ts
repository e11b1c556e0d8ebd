import type { TokenSet } from '@ils-auth/core';
import { CLI_USER_AGENT } from '../grant-context.js';

/** What the server answered: the status, its headers and body text, and the body parsed when it is JSON. */
export interface Answered {
  status: number;
  headers: Headers;
  bodyText: string;
  body: unknown;
}

export type GetOutcome = Answered | { failure: string };

/**
 * One request with the token, no retry and no redirect: the doctor reports what the server does, it does
 * not work around it. A failure is described by its kind (timeout, `ECONNREFUSED`), never by a message.
 */
export async function authorizedRequest(
  url: URL,
  token: TokenSet,
  timeoutMs: number,
  json?: unknown,
): Promise<GetOutcome> {
  try {
    const response = await fetch(url, {
      method: json === undefined ? 'GET' : 'POST',
      headers: {
        authorization: token.authorizationHeader(),
        accept: 'application/json',
        'user-agent': CLI_USER_AGENT,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bodyText = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, bodyText, body };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError')
      return { failure: `no answer within ${timeoutMs / 1000} s` };
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    return { failure: `no answer (${typeof cause?.code === 'string' ? cause.code : 'network error'})` };
  }
}

export function authorizedGet(url: URL, token: TokenSet, timeoutMs: number): Promise<GetOutcome> {
  return authorizedRequest(url, token, timeoutMs);
}

/** `base` with a trailing slash, so relative paths resolve below it rather than beside it. */
export function below(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}
