import type { ProviderAnswer } from '../errors/provider-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendAndRead } from './send-request.js';

/**
 * One request of a system's own login (a staff session, a patron's PIN check, a token refresh), sent with
 * the caller's fetch, timeout and body limit: `User-Agent` and `Accept: application/json` added, a JSON
 * `body` sent as such, form fields (`URLSearchParams`) as a form. Resolves with the answer, whatever its
 * status.
 */
export function sendWithGrant(
  url: string,
  request: { headers: Record<string, string>; body?: unknown },
  grant: GrantContext,
  label: { provider: string; purpose: string },
): Promise<ProviderAnswer> {
  const { body } = request;
  const form = body instanceof URLSearchParams;
  const json: Record<string, string> =
    body === undefined || form ? {} : { 'content-type': 'application/json' };
  return sendAndRead(
    url,
    {
      method: 'POST',
      headers: { accept: 'application/json', 'user-agent': grant.userAgent, ...json, ...request.headers },
      body: form || body === undefined ? body : JSON.stringify(body),
    },
    { fetch: grant.fetch, timeoutMs: grant.timeoutMs, maxBodyBytes: grant.maxBodyBytes, ...label },
  );
}
