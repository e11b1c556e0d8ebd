import { appClient, printResponse } from '../app-client.js';
import { EXIT, type ExitCode, exitCodeForStatus } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import {
  type ParsedValues,
  PROVIDER_OPTIONS,
  PROVIDER_OPTIONS_HELP,
  parseCommandLine,
  parseProviderKind,
  printHelpIfAsked,
  requireNamedHosts,
  stringOption,
} from '../options.js';
import { UsageError } from '../usage-error.js';

export const REQUEST_HELP = `Usage: ils-auth request <sierra|overdrive|koha|oauth2> <url-or-path> [options]

Makes one call with an application token (client credentials) through @ils-auth/core's createClient:
a 401 that says the token is no longer good gets a new token and one retry.
Relative paths resolve against the API base: Sierra ${'`'}<base-url>/v6/${'`'}, OverDrive --api-url,
Koha ${'`'}<base-url>/api/v1/${'`'}, oauth2 --base-url. Absolute URLs must be on one of the provider's hosts.
The status line ("HTTP 200 OK") goes to stderr, the body to stdout.

Request options:
  --method M                HTTP method (default GET, or POST with --data)
  --data JSON               JSON request body (sent as application/json)
  --header 'Name: value'    extra request header; repeatable

${PROVIDER_OPTIONS_HELP}

Exit codes: 0 for 2xx, 3 for 4xx (or refused token), 4 for 5xx (or unreachable, timed out),
2 usage or configuration, 1 unexpected.`;

const REQUEST_OPTIONS = {
  ...PROVIDER_OPTIONS,
  method: { type: 'string' },
  data: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export async function requestCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, REQUEST_OPTIONS, 'request');
  if (printHelpIfAsked(values, REQUEST_HELP, io)) return EXIT.ok;
  const kind = parseProviderKind(positionals[0], 'request');
  // A relative path goes to the API host.
  requireNamedHosts(kind, values, ['oauth-url', 'api-url']);
  const target = positionals[1];
  if (target === undefined || target === '')
    throw new UsageError('request needs a URL or path (see ils-auth request --help)');
  if (positionals.length > 2)
    throw new UsageError('request takes one URL or path (see ils-auth request --help)');
  const init = requestInit(values);
  const client = appClient(kind, values, io, 'request');
  const response = await client.fetch(target, init);
  await printResponse(response, io);
  return exitCodeForStatus(response.status);
}

function requestInit(values: ParsedValues): RequestInit {
  const data = stringOption(values, 'data');
  const method = (stringOption(values, 'method') ?? (data === undefined ? 'GET' : 'POST')).toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(method))
    throw new UsageError('--method: expected an HTTP method such as GET or POST');
  const headers = new Headers();
  const raw = values.header;
  for (const line of Array.isArray(raw) ? raw : []) {
    const match = typeof line === 'string' ? /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line) : null;
    if (!match?.[1] || /[\r\n]/.test(match[2] ?? ''))
      throw new UsageError("--header: expected 'Name: value'");
    headers.append(match[1], match[2] ?? '');
  }
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new UsageError('--data: not valid JSON');
    }
    if (method === 'GET' || method === 'HEAD') throw new UsageError(`--data cannot be sent with ${method}`);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return { method, headers, ...(data !== undefined ? { body: data } : {}) };
}
