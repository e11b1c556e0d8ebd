import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendWithGrant } from '../http/send-with-grant.js';
import type { SecretValue } from '../internal/redact.js';
import { asRecord, firstString } from './profile-fields.js';

/** Where ILSWS lives and the two headers that name the calling application on every request. */
export interface IlswsService {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly appId: string;
}

export function ilswsHeaders(service: IlswsService): Record<string, string> {
  return { 'x-sirs-clientid': service.clientId, 'sd-originating-app-id': service.appId };
}

/**
 * `POST user/staff/login` or `user/patron/login` with `{login, password}`: the session token (and, for a
 * patron, the `patronKey`). A 401 is the one answer for a wrong password and an unknown login alike,
 * thrown as `refusedAs`.
 */
export async function ilswsLogin(
  service: IlswsService,
  kind: 'staff' | 'patron',
  credentials: { login: string; password: string },
  grant: GrantContext,
  refusedAs: 'invalid_client' | 'invalid_credentials',
  secrets: readonly SecretValue[],
): Promise<{ sessionToken: string; body: Record<string, unknown> }> {
  const purpose = `Symphony ${kind} login`;
  const answer = await sendWithGrant(
    `${service.baseUrl}/user/${kind}/login`,
    { headers: ilswsHeaders(service), body: credentials },
    grant,
    { provider: 'symphony', purpose },
  );
  if (answer.status === 401)
    throw new IlsAuthError(
      refusedAs,
      refusedAs === 'invalid_client'
        ? `Symphony refused the staff login; check staffLogin, staffPassword and clientId (${messageCode(answer) ?? 'no code'})`
        : 'Symphony refused the card number or PIN',
      { provider: 'symphony', status: 401, retryable: false, providerError: { error: messageCode(answer) } },
    );
  if (answer.status !== 200) throw errorFromAnswer(answer, { provider: 'symphony', purpose, secrets });
  const body = parseObject(answer);
  const sessionToken = firstString(body.sessionToken);
  if (!sessionToken)
    throw new IlsAuthError('malformed_response', `the ${purpose} answered no sessionToken`, {
      provider: 'symphony',
    });
  return { sessionToken, body };
}

/** The first `messageList` code of an ILSWS error body. */
function messageCode(answer: ProviderAnswer): string | undefined {
  const list = parseObject(answer, false).messageList;
  return Array.isArray(list) ? firstString(asRecord(list[0]).code) : undefined;
}

function parseObject(answer: ProviderAnswer, strict = true): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(answer.bodyText));
  } catch {
    if (!strict) return {};
    throw new IlsAuthError('malformed_response', 'Symphony answered a body that is not JSON', {
      provider: 'symphony',
    });
  }
}
