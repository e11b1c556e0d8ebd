// Benchmark 2: an Express route behind requirePatron() that calls Sierra through req.ils.client(), vs the
// same route with no auth (bare fetch() with a fixed token). Target: requests/s ratio >= 0.95.
// Three processes: the Sierra emulator, the Express app, and this one driving autocannon (HTTP/1.1,
// keep-alive, same connections and duration for every route). The patron signs in once by PIN; the
// guarded routes get their session cookie. Each round runs every route once, alternating forward and
// reversed order; the headline is the median of the per-round ratios. Two more routes split the cost: the guard with bare
// fetch(), and client.fetch() with no guard.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startSierraProcess } from './lib/emulator.mjs';
import { finish, median, round, say } from './lib/report.mjs';

const CONNECTIONS = 16;
const ROUND_S = 1.5;
const ROUNDS = 5; // per route
const TARGET = 0.95;

function cannon(url, headers, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const emulator = await startSierraProcess();
const app = fork(
  fileURLToPath(new URL('./lib/express-app.mjs', import.meta.url)),
  [JSON.stringify({ sierraUrl: emulator.url, ...emulator.credentials })],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
try {
  const { port } = await new Promise((resolve, reject) => {
    app.once('message', resolve);
    app.once('exit', (code) => reject(new Error(`express app exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const appCpu = () =>
    new Promise((resolve) => {
      app.once('message', (message) => resolve(message.cpuMicros));
      app.send('cpu');
    });
  const patron = { barcode: '21913000000001', pin: '1234' }; // a seeded Sierra patron
  const login = await fetch(`${origin}/auth/sierra/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin },
    body: new URLSearchParams(patron),
    redirect: 'manual',
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('ils_session='));
  if (!cookie) throw new Error(`sign-in failed: HTTP ${login.status} ${await login.text()}`);

  const routes = {
    'no auth (bare fetch)': { url: `${origin}/open/bib`, headers: {} },
    'requirePatron + req.ils.client()': { url: `${origin}/protected/bib`, headers: { cookie } },
    'breakdown: requirePatron + bare fetch': { url: `${origin}/guard-only/bib`, headers: { cookie } },
    'breakdown: no auth + client.fetch()': { url: `${origin}/open-client/bib`, headers: {} },
  };
  for (const [name, { url, headers }] of Object.entries(routes)) {
    const check = await fetch(url, { headers });
    const body = await check.text();
    if (check.status !== 200 || !body.includes('"id"'))
      throw new Error(`${name}: HTTP ${check.status} ${body.slice(0, 200)}`);
  }
  const unauthorised = await fetch(`${origin}/protected/bib`);
  if (unauthorised.status !== 401)
    throw new Error(`the guard let an anonymous request through (${unauthorised.status})`);

  const names = Object.keys(routes);
  const rounds = Object.fromEntries(names.map((n) => [n, []]));
  say('warm-up');
  for (const name of names) await cannon(routes[name].url, routes[name].headers, 1);
  for (let i = 0; i < ROUNDS; i++) {
    // No auth and protected stay adjacent in both orders, so their ratio sees the same machine load.
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const cpuBefore = await appCpu();
      const result = await cannon(routes[name].url, routes[name].headers, ROUND_S);
      result.appCpuPerRequest = ((await appCpu()) - cpuBefore) / Math.max(1, result.requests.total);
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
        throw new Error(
          `${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      rounds[name].push(result);
      say(
        `round ${i + 1} ${name}: ${round(result.requests.average, 0)} req/s, p99 ${result.latency.p99} ms, app CPU ${round(result.appCpuPerRequest, 0)} µs/request`,
      );
    }
  }
  const [open, protectedRoute, guardOnly, clientOnly] = names;
  const ratioTo = (name) =>
    median(rounds[name].map((r, i) => r.requests.average / rounds[open][i].requests.average));
  const pairRatios = rounds[protectedRoute].map(
    (r, i) => r.requests.average / rounds[open][i].requests.average,
  );
  const ratio = median(pairRatios);
  const rps = (name) => median(rounds[name].map((r) => r.requests.average));
  const p99 = (name) => median(rounds[name].map((r) => r.latency.p99));
  const cpu = (name) => median(rounds[name].map((r) => r.appCpuPerRequest));
  const addedCpu = cpu(protectedRoute) - cpu(open);
  const met = ratio >= TARGET;
  const notes = [
    `autocannon, ${CONNECTIONS} keep-alive connections, ${ROUNDS} alternating rounds of ${ROUND_S} s per route after a 1 s warm-up each; app and emulator in their own processes.`,
    `Ratio = median of the per-round ratios (${round(Math.min(...pairRatios), 3)}–${round(Math.max(...pairRatios), 3)}); ratio of the median rates ${round(rps(protectedRoute) / rps(open), 3)}.`,
    'The protected route does per request: read the session cookie, load the session from the store (MemoryStore), requirePatron, then client.fetch with the cached app token and X-Forwarded-For.',
    `App CPU per request (the app process's own CPU time over the requests it served, median of rounds; steadier than requests/s on a shared machine): no auth ${round(cpu(open), 0)} µs, protected ${round(cpu(protectedRoute), 0)} µs (+${round(addedCpu, 0)} µs), of which the guard alone +${round(cpu(guardOnly) - cpu(open), 0)} µs and client.fetch() alone +${round(cpu(clientOnly) - cpu(open), 0)} µs. If the app's CPU were the only limit, the ratio would be ${round(cpu(open) / cpu(protectedRoute), 3)}.`,
  ];
  if (!met)
    notes.push(
      `Missed by ${round((TARGET - ratio) * 100, 1)} points. The route without auth costs the app ~${round(cpu(open), 0)} µs of CPU per request, so 0.95 leaves ~${round(cpu(open) / 0.95 - cpu(open), 0)} µs for ils-auth; it takes ~${round(addedCpu, 0)} µs. Where it goes: the guard reads the session on every request (SHA-256 of the session id, a store read, JSON.parse of the whole record including profile.raw), and client.fetch() has the per-call cost of benchmark 1. What would meet it: a cheaper client.fetch() (benchmark 1), and a session read that does less per request (a record without profile.raw, or its profile parsed lazily). Against a real Sierra (tens of ms per call) the difference is under 1 %.`,
    );
  finish({
    id: 'express-overhead',
    title: '2. Express route behind requirePatron() vs no auth',
    target: `requests/s ratio >= ${TARGET}`,
    met,
    headline: `ratio ${round(ratio, 3)}`,
    table: {
      head: [
        'route',
        'requests/s (median)',
        'p99 latency ms (median)',
        'ratio to no auth (median per round)',
        'app CPU µs/request (median)',
      ],
      rows: [
        ...names.map((n) => [
          n,
          String(round(rps(n), 0)),
          String(p99(n)),
          String(round(ratioTo(n), 3)),
          String(round(cpu(n), 0)),
        ]),
      ],
    },
    notes,
  });
} finally {
  app.send('exit');
  await new Promise((resolve) => (app.exitCode !== null ? resolve() : app.once('exit', resolve)));
  await emulator.close();
}
