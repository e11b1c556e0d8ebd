import { authorizedFetch, type IlsRequestInit } from '../client/authorized-fetch.js';
import { resolveApiUrl } from '../client/resolve-api-url.js';
import type { JsonGetter } from '../providers/provider-descriptor.js';
import { jsonFromResponse } from './json-request.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import { patronTokenKeeper } from './patron-token-keeper.js';
import { loadRecord } from './session-lookup.js';

/**
 * An API call as the patron: with the patron's token, or with the app token for a session signed in by
 * PIN check, which has none. Relative paths resolve against the patron API.
 */
export async function patronFetch(
  context: PatronAuthContext,
  sessionId: string,
  input: string | URL,
  init: IlsRequestInit = {},
): Promise<Response> {
  const record = await loadRecord(context, sessionId);
  const current = await context.discovery.get();
  const url = resolveApiUrl(current, input, current.endpoints.patronApiBase ?? current.endpoints.apiBase);
  if (!record.tokens) return context.app().fetch(url, init);
  return authorizedFetch(url, init, patronTokenKeeper(context, sessionId), {
    ...context.fetchOptions,
    provider: current,
  });
}

/** A JSON GET as the patron, for reading the patron's profile. */
export function patronGetter(
  context: PatronAuthContext,
  sessionId: string,
  clientIp: string | undefined,
  signal?: AbortSignal,
): JsonGetter {
  return async (url, purpose) =>
    jsonFromResponse(
      await patronFetch(context, sessionId, url, {
        headers: { accept: 'application/json' },
        forwardedFor: context.forwardedFor(clientIp),
        signal,
      }),
      context.provider,
      purpose,
      [],
      context.resolved.requestTimeoutMs,
    );
}
