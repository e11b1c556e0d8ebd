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

/** The spread of ratios: their interquartile range, then their full range. */
export const spread = (values) =>
  `${round(percentile(values, 25), 3)}–${round(percentile(values, 75), 3)} (all ${round(Math.min(...values), 3)}–${round(Math.max(...values), 3)})`;

/**
 * A 95 % confidence interval of the median that `values` estimate, from their order statistics (no
 * assumption about how they are distributed): with `n` rounds, the `k`th smallest and `k`th largest values,
 * `k = floor(n/2 - 1.96 * sqrt(n) / 2)`. Needs at least 6 values.
 */
export function medianInterval(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const k = Math.max(1, Math.floor(n / 2 - (1.96 * Math.sqrt(n)) / 2));
  return [sorted[k - 1], sorted[n - k]];
}

/** `0.93–0.97`: a median's 95 % confidence interval, for the notes. */
export const interval = (values) =>
  medianInterval(values)
    .map((value) => round(value, 3))
    .join('–');

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

/** Share of CPU time idle over `ms`, from /proc/stat (Linux); undefined elsewhere. */
export async function idleShare(ms) {
  const read = () => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8')
        .split('\n')[0]
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number);
      return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const before = read();
  await sleep(ms);
  const after = read();
  if (!before || !after || after.total === before.total) return undefined;
  return (after.idle - before.idle) / (after.total - before.total);
}

/**
 * Waits (up to `maxWaitMs`) until the machine is mostly idle, so that a benchmark does not start in the
 * middle of someone else's burst of work. Returns the idle share seen last and the time waited.
 */
export async function waitForQuietMachine({ idleAtLeast = 0.85, sampleMs = 2_000, maxWaitMs = 30_000 } = {}) {
  const started = Date.now();
  let idle = await idleShare(sampleMs);
  while (idle !== undefined && idle < idleAtLeast && Date.now() - started < maxWaitMs)
    idle = await idleShare(sampleMs);
  return { idle, waitedMs: Date.now() - started };
}
