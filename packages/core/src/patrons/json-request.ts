import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import { readLimitedBody } from '../http/read-limited-body.js';
import type { SecretValue } from '../internal/redact.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/** Patron records are small; a megabyte is generous and bounds what a broken endpoint can make us hold. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** The status, headers and body of an answer; the body must arrive within `timeoutMs`. */
export async function readAnswer(
  response: Response,
  provider: ProviderDescriptor,
  timeoutMs: number,
): Promise<ProviderAnswer> {
  return {
    status: response.status,
    headers: response.headers,
    bodyText: await readLimitedBody(response, MAX_RECORD_BYTES, provider.id, timeoutMs),
  };
}

/** Reads a JSON success body, or turns the answer into a typed error. */
export async function jsonFromResponse(
  response: Response,
  provider: ProviderDescriptor,
  purpose: string,
  secrets: readonly SecretValue[],
  timeoutMs: number,
): Promise<unknown> {
  const answer = await readAnswer(response, provider, timeoutMs);
  if (answer.status < 200 || answer.status > 299) {
    throw errorFromAnswer(answer, {
      provider: provider.id,
      purpose,
      secrets,
      mapCode: provider.mapErrorCode,
    });
  }
  try {
    return JSON.parse(answer.bodyText);
  } catch {
    throw new IlsAuthError(
      'malformed_response',
      `the ${purpose} to ${provider.id} answered a body that is not JSON`,
      {
        provider: provider.id,
        status: answer.status,
      },
    );
  }
}
