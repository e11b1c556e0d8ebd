// CPU profiles of the client path of benchmark 1: each variant of lib/fetch-variants.mjs runs alone in a
// process of its own under `node --cpu-prof` (16 concurrent callers, 1 s warm-up, then PROFILE_MS of
// profiled calls) against one Sierra emulator in yet another process, which is not profiled. Prints, per
// call, the CPU time by area (ils-auth core, undici, streams, GC, …) and the busiest functions of the
// token managers, and keeps the .cpuprofile files for Chrome DevTools. Not part of `pnpm bench`.
//
//   node bench/profile-fetch.mjs [--out DIR] [--ms 6000] [variant …]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseProfile } from './lib/cpu-profile.mjs';
import { startSierraProcess } from './lib/emulator.mjs';
import { fetchVariants } from './lib/fetch-variants.mjs';
import { closedLoop } from './lib/load.mjs';
import { measureOwnCost } from './lib/own-cost.mjs';
import { round, say } from './lib/report.mjs';

const LANES = 16;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    ms: { type: 'string', default: '6000' },
    child: { type: 'string' },
    own: { type: 'string' },
  },
});
const hrMicros = () => Number(process.hrtime.bigint() / 1000n);

if (values.own) {
  // In a process of its own: client.fetch()'s own cost, with fetch replaced (lib/own-cost.mjs).
  process.stdout.write(`${JSON.stringify(await measureOwnCost(JSON.parse(values.own)))}\n`);
} else if (values.child) {
  // In the profiled process: run one variant, then say which stretch of the profile was the measured one.
  const emulator = JSON.parse(values.child);
  const { variants } = await fetchVariants(emulator);
  const call = variants[positionals[0]];
  await closedLoop({ call, lanes: LANES, durationMs: 1_000 });
  const fromMicros = hrMicros();
  const result = await closedLoop({ call, lanes: LANES, durationMs: Number(values.ms) });
  const toMicros = hrMicros();
  process.stdout.write(
    `${JSON.stringify({ fromMicros, toMicros, calls: result.ok, failed: result.failed })}\n`,
  );
} else {
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'ils-auth-profiles-'));
  const emulator = await startSierraProcess();
  try {
    const info = { url: emulator.url, tokenUrl: emulator.tokenUrl, credentials: emulator.credentials };
    const names = positionals.length > 0 ? positionals : ['bare fetch()', 'client.fetch()', 'OAuth2Fetch'];
    const summaries = {};
    for (const name of names) {
      const dir = join(out, name.replace(/\W+/g, '-').replace(/^-|-$/g, ''));
      mkdirSync(dir, { recursive: true });
      const window = await profileOne(name, dir, info);
      const file = readdirSync(dir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
        .at(-1);
      summaries[name] = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), window);
      say(
        `${name}: ${window.calls} calls profiled (${window.failed} failed), CPU idle ${Math.round(summaries[name].idleShare * 100)} % of the stretch; ${join(dir, file)}`,
      );
    }
    printAreas(names, summaries);
    for (const name of names) {
      const own = summaries[name].functions.filter(
        ([area]) => area === 'ils-auth core' || area === '@badgateway/oauth2-client',
      );
      if (own.length === 0) continue;
      say(`\n${name}: busiest functions of the token manager (µs/call, built-ins they call included)`);
      for (const [, fn, micros] of own.slice(0, 12))
        say(`  ${round(micros, 2).toFixed(2).padStart(7)}  ${fn}`);
    }
    const own = await runChild('own cost', [], ['--own', JSON.stringify(info)]);
    say(
      `\nOwn CPU per call, fetch() replaced by an instant answer (best of 5 x 200,000 calls; timeout from undici: ${own.timeoutFromUndici})`,
    );
    for (const [name, nanos] of Object.entries(own.nanos))
      say(`  ${String(Math.round(nanos)).padStart(7)} ns  ${name}`);
  } finally {
    await emulator.close();
  }
}

function profileOne(name, dir, info) {
  return runChild(
    name,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    ['--child', JSON.stringify(info), '--ms', values.ms, name],
  );
}

/** Runs this script again in a process of its own and returns the JSON line it prints last. */
function runChild(label, nodeFlags, scriptArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), ...scriptArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`${label}: the child process exited with ${code} without a result`));
      }
    });
  });
}

function printAreas(names, summaries) {
  const areas = [...new Set(names.flatMap((n) => summaries[n].areas.map(([area]) => area)))];
  const value = (name, area) => summaries[name].areas.find(([a]) => a === area)?.[1] ?? 0;
  const total = (name) => summaries[name].areas.reduce((sum, [, micros]) => sum + micros, 0);
  const cell = (text, width) => String(text).padStart(width);
  say(`\nCPU µs per call by area\n${'area'.padEnd(40)}${names.map((n) => cell(n, 16)).join('')}`);
  for (const area of areas)
    say(`${area.padEnd(40)}${names.map((n) => cell(round(value(n, area), 1).toFixed(1), 16)).join('')}`);
  say(`${'total'.padEnd(40)}${names.map((n) => cell(round(total(n), 1).toFixed(1), 16)).join('')}`);
}
