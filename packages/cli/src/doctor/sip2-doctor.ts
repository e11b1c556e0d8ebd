import { checkSip2Server, type Sip2CheckResult } from '@ils-auth/core/extend';
import { type ExitCode, exitCodeForError } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { type ParsedValues, stringOption } from '../options.js';
import { readPin } from '../read-secret-line.js';
import { sip2OptionsFrom } from '../sip2-options.js';
import { reportVerdicts, type Verdict } from './verdict.js';

/**
 * `ils-auth doctor sip2`: core's step-by-step check of a SIP2 server (connect, TLS, login, SC status and,
 * with `--barcode`, one test patron whose PIN comes from env or stdin), one verdict line per step.
 */
export async function sip2Doctor(values: ParsedValues, io: CliIo): Promise<ExitCode> {
  const options = sip2OptionsFrom(values, io.env);
  const barcode = stringOption(values, 'barcode');
  const patron =
    barcode === undefined ? undefined : { barcode, pin: await readPin(io, 'doctor sip2 --barcode') };
  const results = await checkSip2Server(options, patron);
  const verdicts = results.map(verdictOf);
  return reportVerdicts(verdicts, io);
}

function verdictOf(result: Sip2CheckResult): Verdict {
  if (result.outcome !== 'fail')
    return { check: result.check, outcome: result.outcome, detail: result.detail };
  const code = result.code ?? 'provider_unavailable';
  const detail = `${code}${result.reason ? ` ${result.reason}` : ''}: ${result.detail}`;
  return {
    check: result.check,
    outcome: 'fail',
    detail,
    exitCode: exitCodeForError(code as Parameters<typeof exitCodeForError>[0]),
  };
}
