import { IlsAuthError } from '../errors/ils-auth-error.js';

/** One mebibyte: no token response or error body is anywhere near it. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a response body as UTF-8 text, aborting as soon as it grows past `maxBytes`, so that a hostile or
 * broken endpoint streaming without end cannot exhaust memory.
 */
export async function readLimitedBody(
  response: Response,
  maxBytes: number,
  provider?: string,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes, provider, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, provider, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function tooLarge(maxBytes: number, provider: string | undefined, status: number): IlsAuthError {
  return new IlsAuthError(
    'response_too_large',
    `the response body exceeded ${maxBytes} bytes and was aborted`,
    {
      provider,
      status,
      retryable: false,
    },
  );
}
