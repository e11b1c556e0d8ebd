import { appClient, printResponse } from '../app-client.js';
import { EXIT, type ExitCode, exitCodeForStatus } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { PROVIDER_OPTIONS, PROVIDER_OPTIONS_HELP, parseCommandLine, printHelpIfAsked } from '../options.js';
import { UsageError } from '../usage-error.js';

export const INFO_HELP = `Usage: ils-auth info sierra --base-url URL [options]

Gets an application token and prints what Sierra says about it (GET <base-url>/v6/info/token:
key id, expiresIn, roles). The status line goes to stderr, the JSON body to stdout.

${PROVIDER_OPTIONS_HELP}

Exit codes: 0 ok, 2 usage or configuration, 3 refused (4xx), 4 unreachable, timed out or 5xx, 1 unexpected.`;

export async function infoCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, PROVIDER_OPTIONS, 'info');
  if (printHelpIfAsked(values, INFO_HELP, io)) return EXIT.ok;
  if (positionals.length !== 1 || positionals[0] !== 'sierra') {
    // Only Sierra has a token-information endpoint.
    throw new UsageError(
      'info supports sierra only: ils-auth info sierra --base-url URL (see ils-auth info --help)',
    );
  }
  const client = appClient('sierra', values, io, 'info');
  const response = await client.fetch('info/token');
  await printResponse(response, io);
  return exitCodeForStatus(response.status);
}
