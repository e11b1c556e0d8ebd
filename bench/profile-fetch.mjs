// CPU profiles of the client path of benchmark 1. One process under `node --cpu-prof` runs the variants
// of lib/fetch-variants.mjs (16 concurrent callers each, against a Sierra emulator in a process of its
// own, which is not profiled) in alternating rounds, as the benchmark does, so that other work on the
// machine falls on all of them alike; each variant's share of the profile is the time inside its rounds.
// Prints, per call, the CPU time by area (ils-auth core, undici, streams, GC, …) and the busiest
// functions of the token managers, then client.fetch()'s own cost without the network (lib/own-cost.mjs).
// The .cpuprofile file stays for Chrome DevTools, with the rounds of each variant beside it
// (`….cpuprofile.rounds.json`). Not part of `pnpm bench`.
//
//   node bench/profile-fetch.mjs [--out DIR] [--rounds 6] [variant …]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { newestProfile, printAreaTable, summariseProfile } from './lib/cpu-profile.mjs';
import { startSierraProcess } from './lib/emulator.mjs';
import { fetchVariants } from './lib/fetch-variants.mjs';
import { closedLoop } from './lib/load.mjs';
import { measureOwnCost } from './lib/own-cost.mjs';
import { round, say } from './lib/report.mjs';

const LANES = 16;
const ROUND_MS = 1_000;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    profiled: { type: 'string' },
    own: { type: 'string' },
  },
});
const hrMicros = () => Number(process.hrtime.bigint() / 1000n);

if (values.own) {
  // In a process of its own: client.fetch()'s own cost without the network.
  process.stdout.write(`${JSON.stringify(await measureOwnCost(JSON.parse(values.own)))}\n`);
} else if (values.profiled) {
  // In the profiled process: run the rounds, then say which stretches of the profile were whose.
  const { variants } = await fetchVariants(JSON.parse(values.profiled));
  const windows = Object.fromEntries(positionals.map((name) => [name, []]));
  for (const name of positionals) await closedLoop({ call: variants[name], lanes: LANES, durationMs: 1_000 });
  for (let i = 0; i < Number(values.rounds); i++) {
    for (const name of i % 2 === 0 ? positionals : [...positionals].reverse()) {
      const fromMicros = hrMicros();
      const result = await closedLoop({ call: variants[name], lanes: LANES, durationMs: ROUND_MS });
      windows[name].push({ fromMicros, toMicros: hrMicros(), calls: result.ok, failed: result.failed });
    }
  }
  process.stdout.write(`${JSON.stringify(windows)}\n`);
} else {
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'ils-auth-profiles-'));
  const names = positionals.length > 0 ? positionals : ['bare fetch()', 'client.fetch()', 'OAuth2Fetch'];
  const emulator = await startSierraProcess();
  try {
    const info = { url: emulator.url, tokenUrl: emulator.tokenUrl, credentials: emulator.credentials };
    const windows = await runChild(
      'profiled run',
      // A sample every 100 µs, not V8's 1 ms: a few hundred nanoseconds per call must show.
      ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${out}`],
      ['--profiled', JSON.stringify(info), '--rounds', values.rounds, ...names],
    );
    const file = newestProfile(out);
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(`${file}.rounds.json`, JSON.stringify(windows));
    const summaries = Object.fromEntries(
      names.map((name) => [name, summariseProfile(profile, windows[name])]),
    );
    say(`profile: ${file}`);
    for (const name of names) {
      const calls = windows[name].reduce((sum, w) => sum + w.calls, 0);
      const failed = windows[name].reduce((sum, w) => sum + w.failed, 0);
      say(
        `${name}: ${calls} calls in ${values.rounds} rounds (${failed} failed), CPU idle ${Math.round(summaries[name].idleShare * 100)} % of its rounds`,
      );
    }
    say('\nCPU µs per call by area');
    printAreaTable(summaries, say);
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
    say('\nOwn CPU per call, fetch() replaced by an instant answer (best of 5 x 200,000 calls)');
    for (const [name, nanos] of Object.entries(own.ownCode))
      say(`  ${String(Math.round(nanos)).padStart(7)} ns  ${name}`);
    const { micros, clientToBare, headersTimeouts } = own.withoutSockets;
    say(
      `\nCPU per call with all of fetch but no sockets (undici's dispatcher answering at once; 12 alternating rounds, medians): bare fetch() ${round(micros.bare, 1)} µs, client.fetch() ${round(micros.client, 1)} µs, ratio ${round(clientToBare, 3)} (headersTimeout set on dispatch: ${headersTimeouts.map((ms) => (ms === undefined ? 'none (bare fetch)' : `${ms} ms (client.fetch)`)).join(', ')})`,
    );
  } finally {
    await emulator.close();
  }
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
