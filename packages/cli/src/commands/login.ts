import {
  closeSip2Connections,
  createPatronAuth,
  type PatronProfile,
  type ProviderDescriptor,
} from '@ils-auth/core';
import {
  APP_AUTH_OPTIONS,
  APP_AUTH_OPTIONS_HELP,
  APP_AUTH_SYSTEMS,
  type AppAuthSystemName,
  buildAppAuthProvider,
} from '../app-auth-systems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { CLI_USER_AGENT } from '../grant-context.js';
import type { CliIo } from '../io.js';
import {
  buildProvider,
  type ParsedValues,
  PROVIDER_OPTIONS,
  PROVIDER_OPTIONS_HELP,
  parseCommandLine,
  printHelpIfAsked,
  stringOption,
  timeoutMs,
} from '../options.js';
import { readPin } from '../read-secret-line.js';
import { buildSip2Provider, SIP2_OPTIONS, SIP2_OPTIONS_HELP } from '../sip2-options.js';
import { UsageError } from '../usage-error.js';

export const LOGIN_HELP = `Usage: ils-auth login <sierra|koha|overdrive|sip2|folio|polaris|symphony|alma|evergreen> --barcode CARD [options]

Signs a patron in with card number and PIN (or password) through @ils-auth/core, as an application's
sign-in form would, and prints the normalised profile as JSON on stdout (never the PIN, nor the system's
raw record). The PIN is read from env ILS_AUTH_PIN, else from the first line of stdin:
  printf '%s\\n' "$PIN" | ils-auth login sip2 --barcode 23333000000001 --host sip.example.org --port 6001 …
It is never taken from the command line, where other users of the machine could see it.

Systems:
  sierra      /patrons/validate with the application token (--base-url, --client-id, --client-secret)
  koha        password validation with the application token (--base-url, --client-id, --client-secret)
  overdrive   the patron password grant (--website-id, --authorization-name, --oauth-url …)
  sip2        Patron Information (63) over a SIP login (see SIP2 options)
  folio       the patron's own FOLIO login (--barcode is the FOLIO user name), then the user record,
              blocks and fees with the application's token
  polaris     PAPI's authenticator/patron (barcode and PIN), then the record with the staff session
  symphony    user/patron/login (barcode and PIN), then the record and status with the staff session
  alma        POST users/{id}?op=auth (password in a header, never the URL), then the user record
  evergreen   open-ils.auth.login of type opac, then the record and fines with the application's session

Login options:
  --barcode CARD            the patron's card number (or Koha user id)

${SIP2_OPTIONS_HELP}

${PROVIDER_OPTIONS_HELP}

${APP_AUTH_OPTIONS_HELP}

Exit codes: 0 signed in; 3 refused (wrong card or PIN, blocked card: access_denied with its reason,
SIP login refused); 4 unreachable, silent or garbled; 2 usage; 1 unexpected.`;

const LOGIN_OPTIONS = {
  ...PROVIDER_OPTIONS,
  ...SIP2_OPTIONS,
  ...APP_AUTH_OPTIONS,
  barcode: { type: 'string' },
} as const;

/** How each system's descriptor is built from the command line. */
const SYSTEMS: Readonly<Record<string, (values: ParsedValues, io: CliIo) => ProviderDescriptor>> = {
  sierra: (values, io) => buildProvider('sierra', values, io.env),
  koha: (values, io) => buildProvider('koha', values, io.env),
  // OverDrive checks a patron's card and PIN with its patron password grant.
  overdrive: (values, io) => buildProvider('overdrive-patron', values, io.env),
  sip2: (values, io) => buildSip2Provider(values, io.env),
  ...Object.fromEntries(
    (Object.keys(APP_AUTH_SYSTEMS) as AppAuthSystemName[]).map((name) => [
      name,
      (values: ParsedValues, io: CliIo) => buildAppAuthProvider(name, values, io.env),
    ]),
  ),
};

export async function loginCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, LOGIN_OPTIONS, 'login');
  if (printHelpIfAsked(values, LOGIN_HELP, io)) return EXIT.ok;
  const [system, ...extra] = positionals;
  const build = system !== undefined && Object.hasOwn(SYSTEMS, system) ? SYSTEMS[system] : undefined;
  if (!build || extra.length > 0)
    throw new UsageError(
      `login takes one system: ${Object.keys(SYSTEMS).join(', ')} (see ils-auth login --help)`,
    );
  if (values.password !== undefined)
    throw new UsageError('login reads the PIN from env ILS_AUTH_PIN or stdin, never from --password');
  const barcode = stringOption(values, 'barcode');
  if (barcode === undefined || barcode === '') throw new UsageError('login needs --barcode');
  const provider = build(values, io);
  const pin = await readPin(io, 'login');
  const timeout = timeoutMs(values);
  const auth = createPatronAuth(provider, {
    userAgent: CLI_USER_AGENT,
    timeoutMs: timeout,
    requestTimeoutMs: timeout,
  });
  try {
    const session = await auth.login({ barcode, pin });
    io.stdout.write(`${JSON.stringify(printable(session.profile), null, 2)}\n`);
    await auth.logout(session.id);
    return EXIT.ok;
  } finally {
    await closeSip2Connections(provider);
  }
}

/** The normalised profile only: `raw` is the system's whole record, which is not ours to print. */
function printable(profile: PatronProfile): Omit<PatronProfile, 'raw'> {
  const { raw: _raw, ...normalised } = profile;
  return normalised;
}
