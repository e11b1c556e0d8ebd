// What @ils-auth/express's own layers add to a guarded route, apart from core: benchmark 2's guarded route
// (ilsAuth() + requirePatron() + req.ils.client()) against the same work written straight over core's
// WebAuth in one handler (lib/core-guard-app.mjs), each against the no-auth route, in one Express app in its
// own process, the same cookie for all three. Rounds of 1 s per route in every order (lib/round-order.mjs);
// app CPU per request added to no auth (median of per-round differences) and requests/s ratio (median of
// per-round ratios). Not part of `pnpm bench`: a yardstick for the adapters, whose layers the engine rewrite
// replaces.
//
//   node bench/adapter-glue.mjs [--rounds 18]
import { parseArgs } from 'node:util';
import { startApp } from './lib/app-process.mjs';
import { cannon } from './lib/cannon.mjs';
import { startSierraProcess } from './lib/emulator.mjs';
import { median, round, say } from './lib/report.mjs';
import { runRounds } from './lib/round-order.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '18' } } });
const emulator = await startSierraProcess();
let app;
try {
  app = await startApp('express-core-guard', emulator);
  const headers = { cookie: app.cookies.ils };
  const routes = {
    'no auth (bare fetch)': { url: `${app.origin}/open/bib`, headers },
    'ilsAuth() + requirePatron() + req.ils.client()': { url: `${app.origin}/protected/bib`, headers },
    'one handler over core: WebAuth + appClient()': { url: `${app.origin}/core-guard/bib`, headers },
  };
  for (const [name, { url }] of Object.entries(routes)) {
    const answer = await fetch(url, { headers });
    if (answer.status !== 200) throw new Error(`${name}: HTTP ${answer.status}`);
    await answer.arrayBuffer();
    if ((await fetch(url)).status !== (name.startsWith('no auth') ? 200 : 401))
      throw new Error(`${name}: an anonymous request got through, or no auth refused one`);
  }
  for (const route of Object.values(routes)) await cannon(route, 2);
  const [open, ...guarded] = Object.keys(routes);
  const runs = await runRounds(Object.keys(routes), Number(values.rounds), async (name, number) => {
    const before = await app.appCpu();
    const result = await cannon(routes[name], 1);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: failed requests`);
    const cpu = ((await app.appCpu()) - before) / result.requests.total;
    say(
      `round ${number} ${name}: ${round(result.requests.average, 0)} req/s, app CPU ${round(cpu, 0)} µs/request`,
    );
    return { cpu, rps: result.requests.average };
  });
  say(
    `\napp CPU of no auth: ${round(median(runs[open].map((r) => r.cpu)), 0)} µs/request (median of rounds)`,
  );
  for (const name of guarded) {
    const added = median(runs[name].map((r, i) => r.cpu - runs[open][i].cpu));
    const ratio = median(runs[name].map((r, i) => r.rps / runs[open][i].rps));
    say(
      `${name}: ${added < 0 ? '' : '+'}${round(added, 1)} µs/request of app CPU, ${round(ratio, 3)} x no auth requests/s`,
    );
  }
} finally {
  await app?.close();
  await emulator.close();
}
