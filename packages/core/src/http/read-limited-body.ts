import { IlsAuthError } from '../errors/ils-auth-error.js';

/** One mebibyte: no token response or error body is anywhere near it. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a response body as UTF-8 text, aborting as soon as it grows past `maxBytes`, so that a hostile or
 * broken endpoint streaming without end cannot exhaust memory. With `timeoutMs`, the whole body must also
 * arrive within that many milliseconds: undici's own body timeout only bounds the pause between two chunks,
 * so a body that trickles a byte a second would otherwise be read for ever.
 */
export async function readLimitedBody(
  response: Response,
  maxBytes: number,
  provider?: string,
  timeoutMs?: number,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes, provider, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lateError: IlsAuthError | undefined;
  const late =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            lateError = tooSlow(timeoutMs, provider, response.status);
            reject(lateError);
            // Cancelling ends a pending read as if the body were complete: `lateError` says it was not.
            reader.cancel().catch(() => {});
          }, timeoutMs);
        });
  late?.catch(() => {});
  try {
    const text = await readAll(reader, maxBytes, provider, response.status, late);
    if (lateError) throw lateError;
    return text;
  } finally {
    clearTimeout(timer);
  }
}

async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  provider: string | undefined,
  status: number,
  late: Promise<never> | undefined,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await (late ? Promise.race([reader.read(), late]) : reader.read());
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, provider, status);
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

function tooSlow(timeoutMs: number, provider: string | undefined, status: number): IlsAuthError {
  return new IlsAuthError('timeout', `the response body did not arrive within ${timeoutMs} ms`, {
    provider,
    status,
    retryable: true,
  });
}
