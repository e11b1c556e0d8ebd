import { isIlsAuthError } from '@ils-auth/core';
import { doctorCommand } from './commands/doctor.js';
import { emulatorCommand } from './commands/emulator.js';
import { infoCommand } from './commands/info.js';
import { loginCommand } from './commands/login.js';
import { requestCommand } from './commands/request.js';
import { tokenCommand } from './commands/token.js';
import { EXIT, type ExitCode, exitCodeForError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { inFlagWords } from './option-words.js';
import { UsageError } from './usage-error.js';
import { CLI_VERSION } from './version.js';

export const MAIN_HELP = `Usage: ils-auth <command> [options]

Commands:
  emulator   start the Sierra, OverDrive, RERO ILS and Koha emulators on 127.0.0.1
  token      get a token and print it as JSON
  request    make one authorized API call (application token, one retry on a rejected token)
  info       show what Sierra says about the application token (info/token)
  doctor     check a configuration against the live server: token, clock, token info, scopes, patron API
  login      sign a patron in by card and PIN (sierra, koha, overdrive, sip2); prints the profile
  token, request, login and doctor also take folio, polaris, symphony, alma and evergreen

Run "ils-auth <command> --help" for a command's options; "ils-auth --version" prints the version.

Environment:
  ILS_AUTH_CLIENT_ID, ILS_AUTH_CLIENT_SECRET, ILS_AUTH_PASSWORD
      used when --client-id, --client-secret or --password is not given (flags win)
  ILS_AUTH_PASSWORD, ILS_AUTH_ACCESS_KEY, ILS_AUTH_STAFF_PASSWORD, ILS_AUTH_API_KEY
      the secrets of folio, polaris, symphony, alma and evergreen (never taken from flags)

Exit codes:
  0  ok
  1  unexpected error
  2  usage or configuration (usage, config_invalid, invalid_input)
  3  refused by the provider (invalid_client, invalid_grant, invalid_credentials, unauthorized_client,
     access_denied, invalid_token, provider_error, other OAuth errors, HTTP 4xx)
  4  provider unreachable or failing (provider_unavailable, timeout, rate_limited, malformed_response,
     response_too_large, HTTP 5xx)

Errors are one line on stderr: "ils-auth: <code>: <message>".`;

type Command = (args: readonly string[], io: CliIo) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, Command>> = {
  emulator: emulatorCommand,
  token: tokenCommand,
  request: requestCommand,
  info: infoCommand,
  doctor: doctorCommand,
  login: loginCommand,
};

/** Runs one command line and returns the exit code; never throws and never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      (name === undefined ? io.stderr : io.stdout).write(`${MAIN_HELP}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${CLI_VERSION}\n`);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      throw new UsageError(
        name.startsWith('-')
          ? 'expected a command before any option (see ils-auth --help)'
          : 'unknown command; expected emulator, token, request, info, doctor or login (see ils-auth --help)',
      );
    }
    return await command(rest, io);
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): ExitCode {
  let code: string;
  let message: string;
  let exitCode: ExitCode;
  if (error instanceof UsageError) {
    [code, message, exitCode] = ['usage', error.message, EXIT.usage];
  } else if (isIlsAuthError(error)) {
    // Core writes its messages without secrets; that is why they are the only ones printed in full. A
    // configuration error names core's options: here they are the flags the user typed.
    const words = error.code === 'config_invalid' ? inFlagWords(error.message) : error.message;
    [code, message, exitCode] = [error.code, words, exitCodeForError(error.code)];
  } else {
    // Not ours: its message could hold anything, so only its type is shown.
    const name = error instanceof Error ? error.name : typeof error;
    [code, message, exitCode] = ['unexpected', `${name} (please report this)`, EXIT.unexpected];
  }
  io.stderr.write(`ils-auth: ${code}: ${message.replace(/\s+/g, ' ').trim()}\n`);
  return exitCode;
}
