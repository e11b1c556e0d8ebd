// A CPU profile of benchmark 2's app: where the microseconds of a guarded request go. The app
// (lib/express-app.mjs, or lib/nest-fastify-app.mjs with `--platform fastify`) runs under `node --cpu-prof` (a sample every 100 µs) in a process of its own, the
// Sierra emulator in another; this process loads its routes with autocannon in alternating rounds, as the
// benchmark does, and charges each sample to the route whose round it fell in (process.hrtime is the
// system's monotonic clock, the profile's clock too) and to an area by script (lib/cpu-profile.mjs). Prints
// µs of app CPU per request by area and route, then the busiest functions of ils-auth and of Passport.
// The .cpuprofile file stays for Chrome DevTools, with the rounds beside it. Not part of `pnpm bench`.
//
//   node bench/profile-guard.mjs [--platform express|fastify] [--out DIR] [--rounds 6] [route …]
//   node bench/profile-guard.mjs --summarise FILE.cpuprofile    (again, from a profile kept with its rounds)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchmarkRoutes, PLATFORMS, startApp } from './lib/app-process.mjs';
import { cannon } from './lib/cannon.mjs';
import { newestProfile, printAreaTable, summariseProfile } from './lib/cpu-profile.mjs';
import { startSierraProcess } from './lib/emulator.mjs';
import { round, say } from './lib/report.mjs';

const ROUND_S = 2;
const OWN_AREAS = [
  'ils-auth core web layer',
  'ils-auth core',
  '@ils-auth/express',
  '@ils-auth/nestjs',
  'Passport and express-session',
  'Passport, @nestjs/passport and @fastify/session',
];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    platform: { type: 'string', default: 'express' },
    rounds: { type: 'string', default: '6' },
    summarise: { type: 'string' },
  },
});
const hrMicros = () => Number(process.hrtime.bigint() / 1000n);

if (values.summarise) summarise(values.summarise);
else summarise(await profileApp(values.out ?? mkdtempSync(join(tmpdir(), 'ils-auth-guard-profiles-'))));

/** Loads the routes under a profiled app; returns the profile's path (its rounds beside it). */
async function profileApp(out) {
  const emulator = await startSierraProcess();
  let app;
  try {
    if (!PLATFORMS[values.platform]?.routes)
      throw new Error(`--platform: one of ${Object.keys(PLATFORMS).join(', ')}`);
    app = await startApp(values.platform, emulator, {
      execArgv: ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${out}`],
    });
    const routes = await benchmarkRoutes(app);
    const names = positionals.length > 0 ? positionals : Object.keys(routes);
    for (const name of names) if (!routes[name]) throw new Error(`no route "${name}"`);
    const windows = Object.fromEntries(names.map((name) => [name, []]));
    for (const name of names) await cannon(routes[name], 1);
    for (let i = 0; i < Number(values.rounds); i++) {
      for (const name of i % 2 === 0 ? names : [...names].reverse()) {
        const fromMicros = hrMicros();
        const result = await cannon(routes[name], ROUND_S);
        windows[name].push({ fromMicros, toMicros: hrMicros(), calls: result.requests.total });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: failed requests`);
      }
    }
    await app.close(); // the profile is written as the app exits
    const file = newestProfile(out);
    writeFileSync(`${file}.rounds.json`, JSON.stringify(windows));
    return file;
  } finally {
    await app?.close();
    await emulator.close();
  }
}

/** Prints where the app's CPU went in each route's rounds. */
function summarise(file) {
  const windows = JSON.parse(readFileSync(`${file}.rounds.json`, 'utf8'));
  const names = Object.keys(windows);
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const summaries = Object.fromEntries(names.map((name) => [name, summariseProfile(profile, windows[name])]));
  say(`profile: ${file}`);
  for (const name of names) {
    const requests = windows[name].reduce((sum, w) => sum + w.calls, 0);
    say(
      `${name}: ${requests} requests in ${windows[name].length} rounds, app CPU idle ${Math.round(summaries[name].idleShare * 100)} % of its rounds`,
    );
  }
  say('\nApp CPU µs per request by area');
  printAreaTable(summaries, say);
  for (const name of names) {
    const own = (list) => list.filter(([area]) => OWN_AREAS.includes(area)).slice(0, 12);
    if (own(summaries[name].functions).length === 0) continue;
    say(`\n${name}: functions of ils-auth and Passport, µs/request`);
    say('  self time (with the built-ins they call):');
    for (const [area, fn, micros] of own(summaries[name].functions))
      say(`  ${round(micros, 2).toFixed(2).padStart(7)}  ${fn}  [${area}]`);
    say(
      '  inclusive (with what they call synchronously, fetch and sockets left out; an await ends the stack):',
    );
    for (const [area, fn, micros] of own(summaries[name].inclusive))
      say(`  ${round(micros, 2).toFixed(2).padStart(7)}  ${fn}  [${area}]`);
  }
}
