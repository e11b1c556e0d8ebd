// Runs every benchmark, one after the other, each in its own process, and rewrites RESULTS.md with what
// they measured. `pnpm bench` at the repository root builds the packages first and then runs this.
// `--only FILE …` runs those benchmarks alone and replaces just their rows and sections in RESULTS.md
// (each marked with the date and load of its own run), keeping the others' figures as they were.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine, round, waitForQuietMachine } from './lib/report.mjs';

const BENCHMARKS = [
  ['fetch-overhead.mjs', '1. client.fetch() and its peers vs bare fetch() (cached token)'],
  ['express-overhead.mjs', '2. Express route behind requirePatron() vs no auth and Passport'],
  ['fastify-overhead.mjs', '2b. NestJS-on-Fastify route behind PatronGuard vs no auth and Passport'],
  ['stampede.mjs', '3. Cold-cache stampede'],
  ['expiry-latency.mjs', '4. Latency across token expiry'],
  ['sierra-restart.mjs', '5. Sierra restart under load'],
  ['session-memory.mjs', '6. MemoryStore holding 100,000 patron sessions'],
  ['outage.mjs', '7. Token endpoint down (503 Retry-After)'],
  ['sip2-pool.mjs', '8. SIP2 sign-ins: pool vs connection per sign-in, idle drops, silent server'],
];
const LIMIT_MS = 420_000; // the longest (benchmark 2) takes about three and a half minutes; this only stops a hung one

function runOne(file) {
  return new Promise((resolve) => {
    const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
    const started = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', path, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = round((Date.now() - started) / 1000, 1);
      const line = stdout.trim().split('\n').at(-1);
      try {
        resolve({ ...JSON.parse(line), seconds });
      } catch {
        resolve({ file, failed: `exited with ${signal ?? code} without a result`, seconds });
      }
    });
  });
}

const cell = (value) => String(value).replace(/\|/g, '\\|');
const tableMd = ({ head, rows }) =>
  [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

const only = process.argv.includes('--only')
  ? process.argv.slice(process.argv.indexOf('--only') + 1).filter((arg) => !arg.startsWith('--'))
  : undefined;
const unknown = only?.filter((file) => !BENCHMARKS.some(([known]) => known === file)) ?? [];
if (only?.length === 0 || unknown.length > 0) {
  process.stderr.write(`--only: name benchmarks of ${BENCHMARKS.map(([file]) => file).join(', ')}\n`);
  process.exit(2);
}

const host = machine();
const results = [];
for (const [file, title] of BENCHMARKS.filter(([file]) => only === undefined || only.includes(file))) {
  process.stderr.write(`\n=== ${title} (${file})\n`);
  // Other work on a shared machine comes in bursts; starting inside one would measure it, not us.
  const quiet = await waitForQuietMachine();
  results.push({ title, file, quiet, ...(await runOne(file)) });
}
const loadAfter = round(loadavg()[0], 2);

const summary = results.map((r) => [
  r.title,
  r.target ?? '',
  r.failed ? `did not finish: ${r.failed}` : r.headline,
  r.failed ? 'no result' : r.met ? 'met' : '**missed**',
  `${r.seconds} s`,
  r.quiet?.idle === undefined
    ? 'n/a'
    : `${Math.round(r.quiet.idle * 100)} % (waited ${round(r.quiet.waitedMs / 1000, 0)} s)`,
]);
const sections = results.map((r) =>
  [
    `## ${r.title}`,
    '',
    `Run alone: \`node bench/${r.file}\`. Target: ${r.target ?? 'see README'}. ${r.failed ? `**Did not finish: ${r.failed}.**` : `Result: **${r.met ? 'met' : 'missed'}**, ${r.headline}.`}`,
    '',
    ...(r.table ? [tableMd(r.table), ''] : []),
    ...(r.notes ?? []).map((n) => `- ${n}`),
  ].join('\n'),
);

const markdown = `# Benchmark results

Written by \`bench/run-all.mjs\` (\`pnpm bench\` at the repository root). Every figure below is from that
run; nothing is edited by hand. All traffic is loopback, against the emulators of @ils-auth/emulator.

| machine | |
| --- | --- |
| CPU | ${host.cpu} |
| nproc | ${host.nproc} |
| memory | ${host.memoryGiB} GiB (${host.freeMemoryGiB} GiB free at start) |
| Node.js | ${host.node} |
| date | ${host.date} |
| load average (1 min) at start / end | ${host.loadAverage1m} / ${loadAfter} |

This machine is shared with other work, which comes in bursts. Before each benchmark the runner waits (up to
30 s) until the CPUs are at least 85 % idle over 2 s; the summary shows what it saw. A burst can still start
during a benchmark: throughput figures then vary from round to round, which is why the throughput
benchmarks alternate their variants and report medians of per-round ratios, and benchmark 2 also reports
the app's own CPU time per request.

## Summary

${tableMd({ head: ['benchmark', 'target', 'result', 'met?', 'time', 'CPU idle just before'], rows: summary })}

${sections.join('\n\n')}
`;
const resultsPath = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
writeFileSync(resultsPath, only ? replaceOwnParts(readFileSync(resultsPath, 'utf8')) : markdown);
process.stderr.write(
  `\nRESULTS.md written (${results.filter((r) => r.met).length}/${results.length} targets met)\n`,
);
process.exitCode = results.some((r) => r.failed) ? 1 : 0;

/**
 * RESULTS.md with the summary rows and sections of this run's benchmarks replaced (or added in benchmark
 * order), each section saying it comes from a run of its own; everything else stays as the last full run
 * wrote it.
 */
function replaceOwnParts(previous) {
  let text = previous;
  results.forEach((result, index) => {
    const row = tableMd({
      head: ['benchmark', 'target', 'result', 'met?', 'time', 'CPU idle just before'],
      rows: [summary[index]],
    })
      .split('\n')
      .at(-1);
    const rows = text.split('\n');
    const at = rows.findIndex((line) => line.startsWith(`| ${cell(result.title)} |`));
    if (at !== -1) rows[at] = row;
    else
      rows.splice(
        rows.findLastIndex((line) => line.startsWith('| ') && /^\| \d+[a-z]?\. /.test(line)) + 1,
        0,
        row,
      );
    text = rows.join('\n');
    const section = `${sections[index]}\n\n_Run alone on ${host.date} (\`node bench/run-all.mjs --only ${result.file}\`), load average (1 min) ${host.loadAverage1m} at start, ${loadAfter} at end; nproc ${host.nproc}._`;
    const heading = `## ${result.title}`;
    const start = text.indexOf(`\n${heading}\n`);
    if (start === -1) {
      // A new benchmark's section goes before the first later benchmark's that is there, else last.
      const later = BENCHMARKS.slice(BENCHMARKS.findIndex(([file]) => file === result.file) + 1)
        .map(([, title]) => text.indexOf(`\n## ${title}\n`))
        .find((at) => at !== -1);
      text =
        later === undefined
          ? `${text.trimEnd()}\n\n${section}\n`
          : `${text.slice(0, later + 1)}${section}\n\n${text.slice(later + 1)}`;
      return;
    }
    const next = text.indexOf('\n## ', start + heading.length + 2);
    text = `${text.slice(0, start + 1)}${section}\n${next === -1 ? '' : text.slice(next)}`;
  });
  return text;
}
