import { createClient, type IlsClient, type ProviderDescriptor } from '@ils-auth/core';
import { CLI_USER_AGENT } from './grant-context.js';
import type { CliIo } from './io.js';
import { buildProvider, type ParsedValues, type ProviderKind, timeoutMs } from './options.js';
import { signsPatronIn } from './signs-patron-in.js';
import { UsageError } from './usage-error.js';

/**
 * The descriptor of a provider that gives application tokens. A descriptor without the client credentials
 * grant (RERO ILS) has none, and a command line that signs a patron in asks for another token.
 */
export function appTokenProvider(
  kind: ProviderKind,
  values: ParsedValues,
  io: CliIo,
  command: string,
): ProviderDescriptor {
  const provider = buildProvider(kind, values, io.env);
  const refused = (why: string) =>
    new UsageError(`${command} makes calls with an application token (client credentials); ${why}`);
  if (!provider.grants.includes('client_credentials'))
    throw refused(`${kind} has none (use sierra, overdrive, koha or oauth2)`);
  if (signsPatronIn(provider))
    throw refused("this command line asks for a patron's token (password grant) instead");
  return provider;
}

/** An application-token client for `request` and `info`. */
export function appClient(kind: ProviderKind, values: ParsedValues, io: CliIo, command: string): IlsClient {
  const provider = appTokenProvider(kind, values, io, command);
  const timeout = timeoutMs(values);
  return createClient(provider, {
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
