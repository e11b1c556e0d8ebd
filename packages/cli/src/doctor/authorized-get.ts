import type { TokenSet } from '@ils-auth/core';
import { CLI_USER_AGENT } from '../grant-context.js';

export type GetOutcome = { status: number; body: unknown } | { failure: string };

/**
 * One GET with the token, no retry and no redirect: the doctor reports what the server does, it does not
 * work around it. A failure is described by its kind (timeout, `ECONNREFUSED`), never by a message.
 */
export async function authorizedGet(url: URL, token: TokenSet, timeoutMs: number): Promise<GetOutcome> {
  try {
    const response = await fetch(url, {
      headers: {
        authorization: token.authorizationHeader(),
        accept: 'application/json',
        'user-agent': CLI_USER_AGENT,
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError')
      return { failure: `no answer within ${timeoutMs / 1000} s` };
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    return { failure: `no answer (${typeof cause?.code === 'string' ? cause.code : 'network error'})` };
  }
}

/** `base` with a trailing slash, so relative paths resolve below it rather than beside it. */
export function below(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}
