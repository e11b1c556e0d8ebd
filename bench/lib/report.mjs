// Output and statistics shared by the benchmarks. Each benchmark prints a human summary; under
// run-all.mjs (`--json`) it prints one JSON line last, which run-all collects into RESULTS.md.

import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';

export const jsonMode = process.argv.includes('--json');

/** Human output; in JSON mode it goes to stderr so stdout carries only the result line. */
export function say(text = '') {
  (jsonMode ? process.stderr : process.stdout).write(`${text}\n`);
}

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile of numbers (sorted copy). */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/** What RESULTS.md records about the machine a run was on. */
export function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (line) model = line[1].trim();
  } catch {}
  return {
    nproc: availableParallelism(),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    cpu: model,
    node: process.version,
    loadAverage1m: round(loadavg()[0], 2),
    date: new Date().toISOString(),
  };
}

/**
 * Ends a benchmark: `result` = { id, title, target, met, figures (markdown table rows), notes[] }.
 * Prints it for people, and as JSON for run-all.
 */
export function finish(result) {
  say();
  say(`${result.title}: ${result.met ? 'target met' : 'TARGET MISSED'} (${result.target})`);
  for (const row of result.table.rows) say(`  ${row.join(' | ')}`);
  for (const note of result.notes ?? []) say(`  note: ${note}`);
  if (jsonMode) process.stdout.write(`${JSON.stringify({ ...result, machine: machine() })}\n`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
