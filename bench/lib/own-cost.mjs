// What client.fetch() itself costs per call, apart from the network, in CPU time, which other work on a
// shared machine disturbs far less than requests/s:
// - our code alone: global fetch replaced by a function that answers at once with one ready Response;
// - fetch's whole machinery (Request, headers, undici's dispatch, Response, body read) without sockets:
//   undici's global dispatcher replaced by one that answers every request at once with the same bytes,
//   bare fetch() and client.fetch() in alternating rounds, median of the per-round ratios.
import { createClient, sierra } from '@ils-auth/core';
import { DEFAULT_USER_AGENT } from '@ils-auth/core/extend';
import { BIB_PATH } from './fetch-variants.mjs';
import { median } from './report.mjs';

const CALLS = 200_000;
const ROUNDS = 12;
const LANES = 16;
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

export async function measureOwnCost(emulator) {
  const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
  // The token comes from the emulator, before anything is replaced.
  const token = await client.getToken();
  const url = `${emulator.url}/v6${BIB_PATH}`;
  const headers = { authorization: `Bearer ${token}`, 'user-agent': DEFAULT_USER_AGENT };
  const withInit = { headers: { accept: 'application/json' }, forwardedFor: '203.0.113.7' };
  return {
    ownCode: await withFetchReplaced(async (replaced) => {
      // A client of its own, created after the swap: a client keeps the fetch it was created with.
      const onReplaced = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
      await onReplaced.getToken();
      return {
        'fetch() replaced, called directly': await bestOfFive(() => replaced(url, { headers })),
        'client.fetch(path)': await bestOfFive(() => onReplaced.fetch(BIB_PATH)),
        'client.fetch(path, { headers, forwardedFor })': await bestOfFive(() =>
          onReplaced.fetch(BIB_PATH, withInit),
        ),
      };
    }),
    withoutSockets: await withInstantDispatcher(await sampleAnswer(url, headers), () =>
      pairedRounds({
        bare: async () => (await fetch(url, { headers })).arrayBuffer(),
        client: async () => (await client.fetch(BIB_PATH)).arrayBuffer(),
      }),
    ),
  };
}

/** Runs `work` with API calls (GET) answered at once; token requests (POST) still reach the emulator. */
async function withFetchReplaced(work) {
  const realFetch = globalThis.fetch;
  const answer = Promise.resolve(new Response('{}', { status: 200 }));
  globalThis.fetch = (input, init) => (init?.method === 'POST' ? realFetch(input, init) : answer);
  try {
    return await work(globalThis.fetch);
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** ns of CPU per call, the best of five runs of CALLS calls one after the other. */
async function bestOfFive(call) {
  for (let i = 0; i < CALLS / 10; i++) await call();
  const runs = [];
  for (let run = 0; run < 5; run++) {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await call();
    const used = process.cpuUsage(before);
    runs.push(((used.user + used.system) * 1000) / CALLS);
  }
  return Math.min(...runs);
}

/** The emulator's real answer (status, headers, body), to replay. */
async function sampleAnswer(url, headers) {
  const response = await fetch(url, { headers });
  const rawHeaders = [];
  for (const [name, value] of response.headers) rawHeaders.push(Buffer.from(name), Buffer.from(value));
  return { status: response.status, rawHeaders, body: Buffer.from(await response.arrayBuffer()) };
}

async function withInstantDispatcher(answer, work) {
  const global = globalThis[GLOBAL_DISPATCHER];
  const seenTimeouts = new Set();
  globalThis[GLOBAL_DISPATCHER] = {
    dispatch(options, handler) {
      seenTimeouts.add(options.headersTimeout);
      queueMicrotask(() => {
        handler.onConnect(() => {});
        handler.onHeaders(answer.status, answer.rawHeaders, () => {}, 'OK');
        handler.onData(answer.body);
        handler.onComplete([]);
      });
      return true;
    },
  };
  try {
    return { ...(await work()), headersTimeouts: [...seenTimeouts] };
  } finally {
    globalThis[GLOBAL_DISPATCHER] = global;
  }
}

/** µs of CPU per call of each variant (LANES concurrent callers), alternating rounds, medians. */
async function pairedRounds(variants) {
  const names = Object.keys(variants);
  const perCall = Object.fromEntries(names.map((name) => [name, []]));
  const run = async (call, calls) => {
    const before = process.cpuUsage();
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let i = 0; i < calls / LANES; i++) await call();
      }),
    );
    const used = process.cpuUsage(before);
    return (used.user + used.system) / calls;
  };
  for (const name of names) await run(variants[name], 10_000);
  for (let round = 0; round < ROUNDS; round++)
    for (const name of round % 2 === 0 ? names : [...names].reverse())
      perCall[name].push(await run(variants[name], 10_000));
  return {
    micros: Object.fromEntries(names.map((name) => [name, median(perCall[name])])),
    clientToBare: median(perCall.client.map((micros, i) => micros / perCall.bare[i])),
  };
}
