// Core's own CPU on a guarded request, without a framework or sockets: what benchmark 2's routes pay to core
// whatever the adapter. Per iteration: a request record with a new Cookie header string (as the HTTP parser
// makes one), the engine's `request(…).load()` (a MemoryStore session signed in by PIN against the
// Sierra emulator) + `appClient('sierra', request)` (the client view with the patron's IP); and, apart,
// `client.fetch(path, { forwardedFor })` with fetch replaced by one that answers at once. Not part of
// `pnpm bench`.
//
//   node bench/guard-own-cost.mjs [CORE_DIST …]
//
// With several builds of core (their dist/ folders; default: this workspace's), each case of each build
// runs in turn, in alternating order, 30 rounds; each figure is the median of its rounds, in µs per
// iteration. Comparing two builds in one process and one run keeps other work on the machine from
// favouring either.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSierraProcess } from './lib/emulator.mjs';
import { median, round, say } from './lib/report.mjs';

const ITERATIONS = 20_000;
const WARM_UP = 20_000;
const ROUNDS = 30;
const PATRON = { barcode: '21913000000001', pin: '1234' }; // seeded in the emulator
const OTHER_COOKIE =
  'passport_session=G9iSEliNQUhSna9eha4fNFrgrKZNL5WW.21uQficQroz3HhSrIdfZ4xBm9xZXuplrsbyldI5qJDw';
const TOKEN_ANSWER = JSON.stringify({ access_token: 'a'.repeat(40), token_type: 'bearer', expires_in: 3600 });

const dists = process.argv.slice(2).map((dist) => resolve(dist));
if (dists.length === 0) dists.push(fileURLToPath(new URL('../packages/core/dist', import.meta.url)));

const emulator = await startSierraProcess();
try {
  const cases = {};
  for (const [index, dist] of dists.entries()) {
    const label = dists.length === 1 ? '' : `build ${index + 1} `;
    Object.assign(cases, await casesOf(dist, label));
  }
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const run of Object.values(cases)) for (let i = 0; i < WARM_UP; i++) await run();
  for (let r = 0; r < ROUNDS; r++) {
    const names = Object.keys(cases);
    for (const name of r % 2 === 0 ? names : names.reverse()) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < ITERATIONS; i++) await cases[name]();
      times[name].push(Number(process.hrtime.bigint() - started) / 1000 / ITERATIONS);
    }
  }
  dists.forEach((dist, index) => {
    if (dists.length > 1) say(`build ${index + 1}: ${dist}`);
  });
  for (const [name, rounds] of Object.entries(times))
    say(
      `${name}: ${round(median(rounds), 3)} µs (rounds ${round(Math.min(...rounds), 3)}–${round(Math.max(...rounds), 3)})`,
    );
} finally {
  await emulator.close();
}

/** The two cases of one build of core. */
async function casesOf(dist, label) {
  const { createClient, sierra } = await import(pathToFileURL(`${dist}/index.js`).href);
  const { IlsAuthEngine } = await import(pathToFileURL(`${dist}/web.js`).href);
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  const web = new IlsAuthEngine(
    { providers: { sierra: { provider, signIn: 'pin' } }, secret: 'b'.repeat(32) },
    { owner: 'bench' },
  );
  const session = await web.providers.get('sierra').auth.login(PATRON);
  const cookie = `ils_session=sierra.${session.id}; ${OTHER_COOKIE}`;
  const answer = new Response('{}');
  const client = createClient(provider, {
    fetch: async (url) =>
      String(url).includes('token')
        ? new Response(TOKEN_ANSWER, { headers: { 'content-type': 'application/json' } })
        : answer,
  });
  await client.getToken();
  return {
    [`${label}guard: cookie, live session, app client view`]: async () => {
      const request = {
        method: 'GET',
        url: '/protected/bib',
        ip: '127.0.0.1',
        secure: false,
        headers: { host: 'localhost', cookie: `${cookie} `.trimEnd() },
      };
      const state = web.request(request, undefined);
      await state.load();
      if (!state.patron) throw new Error('the session did not load');
      web.appClient('sierra', request);
    },
    [`${label}client.fetch(path, { forwardedFor })`]: () =>
      client.fetch('/bibs/1000004', { forwardedFor: '127.0.0.1' }),
  };
}
