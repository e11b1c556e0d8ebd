// Benchmark 1: `client.fetch()` with a cached token, side by side with its peers in one run, against the
// same Sierra emulator endpoint: bare `fetch()` with a fixed Authorization header (the limit),
// @badgateway/oauth2-client's `OAuth2Fetch` (a single-process token manager), and a token request before
// every call (a token-only library without a cache). Targets: client.fetch() >= 0.97 x bare fetch() and
// >= 1.15 x OAuth2Fetch in requests/s.
//
// Fairness: all use Node's global fetch (undici, one keep-alive pool), the same URL, headers and
// concurrency, and read the whole body (lib/fetch-variants.mjs). The emulator runs in its own process.
// After a warm-up of each, rounds alternate their order (A B C D, then D C B A, …) so drift (other load on
// the machine) hits all alike. Each figure is the median of per-round ratios (the runs of one round are
// adjacent in time), with their spread.
import { startSierraProcess } from './lib/emulator.mjs';
import { fetchVariants } from './lib/fetch-variants.mjs';
import { closedLoop } from './lib/load.mjs';
import { finish, median, round, say, spread } from './lib/report.mjs';

const LANES = 16;
const ROUND_MS = 1_000;
const ROUNDS = 12; // per variant
const TARGET_BARE = 0.97;
const TARGET_OAUTH2 = 1.15;
const BARE = 'bare fetch()';
const OURS = 'client.fetch()';
const PEER = 'OAuth2Fetch';

const emulator = await startSierraProcess();
try {
  const { variants, tokenRequests } = await fetchVariants(emulator);
  const names = Object.keys(variants);
  const rounds = Object.fromEntries(names.map((n) => [n, []]));

  say(`warm-up: ${names.join(', ')}`);
  for (const name of names) await closedLoop({ call: variants[name], lanes: LANES, durationMs: 1_000 });
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const result = await closedLoop({ call: variants[name], lanes: LANES, durationMs: ROUND_MS });
      if (result.failed > 0)
        throw new Error(`${name}: ${result.failed} failed calls ${JSON.stringify(result.failures)}`);
      rounds[name].push(result);
      say(
        `round ${i + 1} ${name}: ${round(result.perSecond, 0)} req/s, ${round(result.cpuMicrosPerCall, 0)} µs CPU/call`,
      );
    }
  }

  const rps = (name) => median(rounds[name].map((r) => r.perSecond));
  const cpu = (name) => median(rounds[name].map((r) => r.cpuMicrosPerCall));
  /** Per-round ratios of `a` to `b` (requests/s), each from two runs adjacent in time. */
  const ratios = (a, b) => rounds[a].map((r, i) => r.perSecond / rounds[b][i].perSecond);
  const toBare = Object.fromEntries(names.map((n) => [n, ratios(n, BARE)]));
  const oursToPeer = ratios(OURS, PEER);
  const vsBare = median(toBare[OURS]);
  const vsPeer = median(oursToPeer);
  const met = vsBare >= TARGET_BARE && vsPeer >= TARGET_OAUTH2;
  const tokens = tokenRequests();

  const notes = [
    `${LANES} concurrent callers, ${ROUNDS} rounds of ${ROUND_MS / 1000} s per variant in alternating order after a 1 s warm-up each; emulator in its own process.`,
    `Ratios are medians of the ${ROUNDS} per-round ratios; spread = their interquartile range (and full range). client.fetch() / OAuth2Fetch: ${round(vsPeer, 3)}, spread ${spread(oursToPeer)}.`,
    `Token requests: client.fetch() ${tokens[OURS]} and OAuth2Fetch ${tokens[PEER]} for the whole run (cached), token per call ${tokens['token per call']} (one per call, as designed).`,
    `Client CPU per call: client.fetch() adds ${round(cpu(OURS) - cpu(BARE), 0)} µs to bare fetch()'s ${round(cpu(BARE), 0)} µs, OAuth2Fetch ${round(cpu(PEER) - cpu(BARE), 0)} µs. Where they go: bench/README.md, "CPU profiles" (\`node bench/profile-fetch.mjs\`).`,
  ];
  if (vsBare < TARGET_BARE)
    notes.push(
      `client.fetch() missed ${TARGET_BARE} x bare by ${round((TARGET_BARE - vsBare) * 100, 1)} points. On loopback a call costs the client ~${round(cpu(BARE), 0)} µs of CPU, so 0.97 leaves ~${round(cpu(BARE) * 0.03, 0)} µs for everything client.fetch() adds; a wide spread means other work on the machine, not the client, set the figure.`,
    );
  if (vsPeer < TARGET_OAUTH2)
    notes.push(
      `client.fetch() missed ${TARGET_OAUTH2} x OAuth2Fetch by ${round((TARGET_OAUTH2 - vsPeer) * 100, 1)} points.`,
    );
  finish({
    id: 'fetch-overhead',
    title: '1. client.fetch() and its peers vs bare fetch() (cached token)',
    target: `client.fetch() requests/s >= ${TARGET_BARE} x bare fetch() and >= ${TARGET_OAUTH2} x OAuth2Fetch`,
    met,
    headline: `${round(vsBare, 3)} x bare (spread ${spread(toBare[OURS])}), ${round(vsPeer, 3)} x OAuth2Fetch`,
    table: {
      head: [
        'variant',
        'requests/s (median)',
        'ratio to bare (median of per-round ratios)',
        'spread of that ratio (IQR; all rounds)',
        'client CPU µs/call (median)',
      ],
      rows: names.map((n) => [
        n,
        String(round(rps(n), 0)),
        String(round(median(toBare[n]), 3)),
        n === BARE ? '' : spread(toBare[n]),
        String(round(cpu(n), 0)),
      ]),
    },
    notes,
  });
} finally {
  await emulator.close();
}
