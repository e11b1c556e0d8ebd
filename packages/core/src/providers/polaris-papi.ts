import { type PwsKey, pwsHeaders } from '../client/app-auth/request-signing.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendWithGrant } from '../http/send-with-grant.js';
import type { SecretValue } from '../internal/redact.js';
import { asRecord } from './profile-fields.js';

/** Where PAPI lives, and the key that signs every request. */
export interface PapiService extends PwsKey {
  /** `…/PAPIService/REST/public/v1/{lang}/{app}/{org}` */
  readonly publicBase: string;
  /** `…/PAPIService/REST/protected/v1/{lang}/{app}/{org}` */
  readonly protectedBase: string;
}

/**
 * A signed JSON POST to a PAPI authenticator (staff or patron), signed with no secret as the
 * authenticators are. Resolves with the parsed body when PAPI answered HTTP 200; PAPI reports a refusal
 * inside it, as a negative `PAPIErrorCode`, which the caller judges. Other statuses are typed errors
 * (401: the access id or key was refused; 5xx: an outage).
 */
export async function papiAuthenticate(
  service: PapiService,
  url: string,
  body: Record<string, string>,
  grant: GrantContext,
  purpose: string,
  secrets: readonly SecretValue[],
): Promise<Record<string, unknown>> {
  // Real UTC time, not the client's clock: PAPI checks the date against its own clock.
  const date = new Date().toUTCString();
  const answer = await sendWithGrant(
    url,
    { headers: pwsHeaders(service, { method: 'POST', url, date }), body },
    grant,
    { provider: 'polaris', purpose },
  );
  if (answer.status === 401)
    throw new IlsAuthError(
      'invalid_client',
      'Polaris refused the API access id or key (the request signature)',
      {
        provider: 'polaris',
        status: 401,
        retryable: false,
      },
    );
  if (answer.status !== 200) throw errorFromAnswer(answer, { provider: 'polaris', purpose, secrets });
  return papiBody(answer);
}

/** The JSON object of a PAPI answer. */
export function papiBody(answer: ProviderAnswer): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(answer.bodyText));
  } catch {
    throw new IlsAuthError('malformed_response', 'Polaris answered a body that is not JSON', {
      provider: 'polaris',
    });
  }
}

/** PAPI's failure inside an HTTP 200: a negative `PAPIErrorCode` (a positive one is a row count). */
export function papiErrorCode(body: Record<string, unknown>): number | undefined {
  const code = body.PAPIErrorCode;
  if (typeof code !== 'number' || !Number.isInteger(code))
    throw new IlsAuthError('malformed_response', 'Polaris answered without a PAPIErrorCode', {
      provider: 'polaris',
    });
  return code < 0 ? code : undefined;
}
