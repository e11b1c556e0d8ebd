import { APP_AUTH_OPTIONS, APP_AUTH_OPTIONS_HELP, isAppAuthSystem } from '../app-auth-systems.js';
import { appClient, printResponse } from '../app-client.js';
import { EXIT, type ExitCode, exitCodeForStatus } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import {
  PROVIDER_OPTIONS,
  PROVIDER_OPTIONS_HELP,
  parseCommandLine,
  parseProviderKind,
  printHelpIfAsked,
  requireNamedHosts,
} from '../options.js';
import { requestInit } from '../request-init.js';
import { UsageError } from '../usage-error.js';
import { appAuthRequest } from './app-auth-request.js';

export const REQUEST_HELP = `Usage: ils-auth request <sierra|overdrive|koha|oauth2> <url-or-path> [options]
       ils-auth request <folio|polaris|symphony|alma|evergreen> <url-or-path> [options]
       ils-auth request evergreen --service S --method M [--param JSON …] [options]

Makes one call with an application token (client credentials) through @ils-auth/core's createClient:
a 401 that says the token is no longer good gets a new token and one retry.
Relative paths resolve against the API base: Sierra ${'`'}<base-url>/v6/${'`'}, OverDrive --api-url,
Koha ${'`'}<base-url>/api/v1/${'`'}, oauth2 --base-url, FOLIO --okapi-url (tenant and token in headers), Polaris
the protected base with the staff token in its path, Symphony and Evergreen --base-url, Alma --api-url
(the key in a header). Evergreen with --service makes one OpenSRF gateway call (the authtoken added as
its first param) and prints its first result as JSON; --method is then the OpenSRF method. Absolute URLs must be on one of the provider's hosts.
The status line ("HTTP 200 OK") goes to stderr, the body to stdout.

Request options:
  --method M                HTTP method (default GET, or POST with --data)
  --data JSON               JSON request body (sent as application/json)
  --header 'Name: value'    extra request header; repeatable
  --service S               evergreen: the OpenSRF service of a gateway call (e.g. open-ils.actor)
  --param JSON              evergreen: a parameter of the gateway call, after the authtoken; repeatable

${PROVIDER_OPTIONS_HELP}

${APP_AUTH_OPTIONS_HELP}

Exit codes: 0 for 2xx, 3 for 4xx (or refused token), 4 for 5xx (or unreachable, timed out),
2 usage or configuration, 1 unexpected.`;

const REQUEST_OPTIONS = {
  ...PROVIDER_OPTIONS,
  ...APP_AUTH_OPTIONS,
  service: { type: 'string' },
  param: { type: 'string', multiple: true },
  method: { type: 'string' },
  data: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export async function requestCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, REQUEST_OPTIONS, 'request');
  if (printHelpIfAsked(values, REQUEST_HELP, io)) return EXIT.ok;
  if (isAppAuthSystem(positionals[0]))
    return appAuthRequest(positionals[0], positionals.slice(1), values, io);
  if (values.service !== undefined || values.param !== undefined)
    throw new UsageError('--service and --param apply to evergreen only');
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
