import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** What one doctor check found: passed, failed (with the exit code it stands for) or not applicable. */
export type Verdict =
  | { check: string; outcome: 'ok'; detail: string }
  | { check: string; outcome: 'fail'; detail: string; exitCode: ExitCode }
  | { check: string; outcome: 'skip'; detail: string };

const CHECK_COLUMN = 12;

/** The detail of a check skipped because the token check failed. */
export const NEEDS_TOKEN = 'needs a token (see the token check)';

/** One line per check, `ok   token       …`, so a human reads down the column and a script greps it. */
export function formatVerdict(verdict: Verdict): string {
  const detail = verdict.detail.replace(/\s+/g, ' ').trim();
  return `${verdict.outcome.padEnd(5)}${verdict.check.padEnd(CHECK_COLUMN)}${detail}`;
}

/** Prints each verdict on stdout and the counts on stderr; the exit code of the first failed check, else 0. */
export function reportVerdicts(verdicts: readonly Verdict[], io: CliIo): ExitCode {
  for (const verdict of verdicts) io.stdout.write(`${formatVerdict(verdict)}\n`);
  const count = (outcome: string) => verdicts.filter((verdict) => verdict.outcome === outcome).length;
  io.stderr.write(`doctor: ${count('ok')} ok, ${count('fail')} failed, ${count('skip')} skipped\n`);
  const failed = verdicts.find((verdict) => verdict.outcome === 'fail');
  return failed ? failed.exitCode : EXIT.ok;
}
