import { discoverProvider } from '@ils-auth/core/extend';
import { APP_AUTH_OPTIONS, APP_AUTH_OPTIONS_HELP, isAppAuthSystem } from '../app-auth-systems.js';
import { appTokenProvider } from '../app-client.js';
import { appAuthDoctor } from '../doctor/app-auth-doctor.js';
import { runDoctorChecks } from '../doctor/checks.js';
import { dateRecordingFetch } from '../doctor/clock-skew.js';
import { sip2Doctor } from '../doctor/sip2-doctor.js';
import { reportVerdicts } from '../doctor/verdict.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { cliGrantContext } from '../grant-context.js';
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
  timeoutMs,
} from '../options.js';
import { SIP2_OPTIONS, SIP2_OPTIONS_HELP } from '../sip2-options.js';
import { UsageError } from '../usage-error.js';

export const DOCTOR_HELP = `Usage: ils-auth doctor <sierra|overdrive|koha|oauth2|sip2|folio|polaris|symphony|alma|evergreen> [options]

Checks a configuration against the live server and prints one verdict per check on stdout,
"ok", "fail" or "skip" (does not apply), then a summary on stderr:
  token        an application token request (client credentials) succeeds
  clock        the server's clock (its Date header) is within --max-skew of ours
  token-info   the server knows the token (Sierra: GET <base-url>/v6/info/token)
  scopes       the scopes granted (Sierra: the key's roles) include every --require-scope
               (and, for oauth2, every --scope)
  patron-api   the patron API answers the application: Koha's patron list (GET <base-url>/api/v1/patrons)
               must succeed; elsewhere the API's base (Sierra: <base-url>/v6/) must answer below 500.
               401 and 403 fail, a 403 naming the permission the server says is missing
  patron-pin   the system's PIN check (Sierra: /patrons/validate, Koha: password validation) refuses
               a made-up card as a wrong card or PIN, so the key may check patrons' PINs
For sip2, instead (each passes only when the step of a sign-in it stands for succeeds):
  connect      a TCP connection to --host --port
  tls          the TLS handshake, certificate and server name verified (skip without --tls/--ca-file)
  login        the SIP login (93) is accepted (94 1); skip without --login-user-id
  sc-status    SC Status (99) says the server is online (98 Y)
  patron       with --barcode, that test patron signs in (PIN from env ILS_AUTH_PIN or stdin)
For folio, polaris, symphony, alma and evergreen, instead:
  reach        the API base answers HTTP at all
  credential   the application's staff or API-user session is obtained (skip for Alma's static key); a
               refused login fails at once and is never retried (Polaris locks staff accounts)
  patron-pin   the system's PIN check refuses a made-up card as a wrong card or PIN
  patron       with --barcode, that test patron signs in (PIN from env ILS_AUTH_PIN or stdin)
No token, secret or PIN is printed. Once one OverDrive host is named (--oauth-url …), the hosts doctor
calls must all be: --oauth-url and --patron-api-url.

Doctor options:
  --max-skew SECONDS        largest clock difference that passes (default 30)
  --require-scope S         a scope or Sierra role the configuration needs; repeatable

${PROVIDER_OPTIONS_HELP}

${SIP2_OPTIONS_HELP}
  --barcode CARD            sip2 and the five below: a test patron to sign in

${APP_AUTH_OPTIONS_HELP}

Exit codes: 0 when every check passed or was skipped; otherwise the code of the first failed check:
3 refused (credentials, scopes, clock, 4xx), 4 unreachable, timed out or 5xx; 2 usage, 1 unexpected.`;

const DOCTOR_OPTIONS = {
  ...PROVIDER_OPTIONS,
  'max-skew': { type: 'string' },
  'require-scope': { type: 'string', multiple: true },
  ...SIP2_OPTIONS,
  ...APP_AUTH_OPTIONS,
  barcode: { type: 'string' },
} as const;

export async function doctorCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, DOCTOR_OPTIONS, 'doctor');
  if (printHelpIfAsked(values, DOCTOR_HELP, io)) return EXIT.ok;
  if (positionals.length > 1) throw new UsageError('doctor takes one provider (see ils-auth doctor --help)');
  if (positionals[0] === 'sip2') return sip2Doctor(values, io);
  if (isAppAuthSystem(positionals[0])) return appAuthDoctor(positionals[0], values, io);
  const sip2Flag = [...Object.keys(SIP2_OPTIONS), 'barcode'].find((flag) => values[flag] !== undefined);
  if (sip2Flag !== undefined)
    throw new UsageError(
      `--${sip2Flag} applies to ${sip2Flag === 'barcode' ? 'sip2, folio, polaris, symphony, alma and evergreen' : 'sip2'} only`,
    );
  const kind = parseProviderKind(positionals[0], 'doctor');
  // The token check asks the OAuth host; the patron API checks ask the patron API host.
  requireNamedHosts(kind, values, ['oauth-url', 'patron-api-url']);
  const recorder = dateRecordingFetch();
  const context = { ...cliGrantContext(timeoutMs(values)), fetch: recorder.fetch };
  const provider = await discoverProvider(appTokenProvider(kind, values, io, 'doctor'), {
    timeoutMs: context.timeoutMs,
    userAgent: context.userAgent,
  });
  const verdicts = await runDoctorChecks({
    provider,
    context,
    lastAnswer: recorder.last,
    maxSkewMs: maxSkewMs(values),
    requiredScopes: requiredScopes(values),
  });
  return reportVerdicts(verdicts, io);
}

function maxSkewMs(values: ParsedValues): number {
  const raw = stringOption(values, 'max-skew');
  if (raw === undefined) return 30_000;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError('--max-skew: expected a number of seconds >= 0');
  return Number(raw) * 1000;
}

function requiredScopes(values: ParsedValues): string[] {
  const flags = values['require-scope'];
  const required = (Array.isArray(flags) ? flags : []).filter((flag) => typeof flag === 'string');
  const requested = stringOption(values, 'scope')?.split(/\s+/) ?? [];
  return [...new Set([...required, ...requested].filter((scope) => scope !== ''))];
}
