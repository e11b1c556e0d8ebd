import { createClient, type IlsClient } from '@ils-auth/core';
import { CLI_USER_AGENT } from './grant-context.js';
import type { CliIo } from './io.js';
import { buildProvider, type ParsedValues, type ProviderKind, timeoutMs } from './options.js';
import { UsageError } from './usage-error.js';

/** An application-token client for `request` and `info`; patron-only providers have no such token. */
export function appClient(kind: ProviderKind, values: ParsedValues, io: CliIo, command: string): IlsClient {
  if (kind === 'rero' || kind === 'overdrive-patron') {
    throw new UsageError(
      `${command} makes calls with an application token (client credentials); ${kind} has none (use sierra, overdrive, koha or oauth2)`,
    );
  }
  const timeout = timeoutMs(values);
  return createClient(buildProvider(kind, values, io.env), {
    userAgent: CLI_USER_AGENT,
    timeoutMs: timeout,
    requestTimeoutMs: timeout,
  });
}

/** Status line to stderr, body untouched to stdout, so `| jq` sees only the body. */
export async function printResponse(response: Response, io: CliIo): Promise<void> {
  io.stderr.write(`HTTP ${response.status} ${response.statusText}`.trimEnd() + '\n');
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.byteLength > 0) {
    io.stdout.write(body);
    if (body[body.byteLength - 1] !== 0x0a) io.stdout.write('\n');
  }
}
