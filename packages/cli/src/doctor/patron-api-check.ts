import type { ProviderDescriptor, TokenSet } from '@ils-auth/core';
import { type GrantContext, readProviderErrorBody } from '@ils-auth/core/extend';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { authorizedGet, below } from './authorized-get.js';
import { NEEDS_TOKEN, type Verdict } from './verdict.js';

/**
 * The patron API with the application token. Where the descriptor names a call every permitted key can
 * make (`endpoints.patronApiCheck`: Koha's patron list) that call must succeed; otherwise the API's base
 * must be served (any status below 500). Either way 401 and 403 fail: a call that is not permitted is not
 * a reachable API, and a 403 names the permission the server says is missing.
 */
export async function patronApiCheck(
  provider: ProviderDescriptor,
  token: TokenSet | undefined,
  context: GrantContext,
): Promise<Verdict> {
  const probe = provider.endpoints.patronApiCheck;
  const base = provider.endpoints.patronApiBase ?? provider.endpoints.apiBase;
  if (probe === undefined && base === undefined)
    return { check: 'patron-api', outcome: 'skip', detail: 'no patron API is configured' };
  if (!token) return { check: 'patron-api', outcome: 'skip', detail: NEEDS_TOKEN };
  const url = probe === undefined ? below(base as string, '') : new URL(probe);
  const where = `${url.host}${url.pathname}`;
  const answer = await authorizedGet(url, token, context.timeoutMs);
  const fail = (detail: string, exitCode: ExitCode): Verdict => ({
    check: 'patron-api',
    outcome: 'fail',
    detail,
    exitCode,
  });
  if ('failure' in answer) return fail(`${where}: ${answer.failure}`, EXIT.unavailable);
  if (answer.status >= 500) return fail(`${where} answered ${answer.status}`, EXIT.unavailable);
  if (answer.status === 401) return fail(`${where} answered 401: the token was refused`, EXIT.refused);
  if (answer.status === 403) {
    const missing = readProviderErrorBody(answer, [])?.requiredPermissions;
    return fail(
      `${where} answered 403: not permitted${missing ? `; the API user lacks the permission ${missing}` : ''}`,
      EXIT.refused,
    );
  }
  if (probe !== undefined && (answer.status < 200 || answer.status > 299))
    return fail(`${where} answered ${answer.status}`, EXIT.refused);
  return {
    check: 'patron-api',
    outcome: 'ok',
    detail:
      probe === undefined
        ? `${where} answered ${answer.status}: reachable`
        : `${where} answered ${answer.status}: the key may read patrons`,
  };
}
