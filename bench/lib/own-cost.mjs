// What client.fetch() itself costs per call, apart from the HTTP work: global fetch is replaced by a
// function that answers API calls at once with one ready Response, so only ils-auth's own code is timed.
// CPU time, best of five runs, which other work on a shared machine disturbs far less than requests/s.
import { createClient, DEFAULT_USER_AGENT, sierra } from '@ils-auth/core';
import { BIB_PATH } from './fetch-variants.mjs';

const CALLS = 200_000;

export async function measureOwnCost(emulator) {
  const realFetch = globalThis.fetch;
  const answer = Promise.resolve(new Response('{}', { status: 200 }));
  let lastInit;
  // Token requests (POST) still reach the emulator, through the real fetch.
  globalThis.fetch = (input, init) => {
    if (init?.method === 'POST') return realFetch(input, init);
    lastInit = init;
    return answer;
  };
  try {
    const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
    const token = await client.getToken();
    const url = `${emulator.url}/v6${BIB_PATH}`;
    const headers = { authorization: `Bearer ${token}`, 'user-agent': DEFAULT_USER_AGENT };
    const withInit = { headers: { accept: 'application/json' }, forwardedFor: '203.0.113.7' };
    const cases = {
      'fetch() replaced, called directly': () => globalThis.fetch(url, { headers }),
      'client.fetch(path)': () => client.fetch(BIB_PATH),
      'client.fetch(path, { headers, forwardedFor })': () => client.fetch(BIB_PATH, withInit),
    };
    const nanos = {};
    for (const [name, call] of Object.entries(cases)) {
      for (let i = 0; i < CALLS / 10; i++) await call();
      const runs = [];
      for (let run = 0; run < 5; run++) {
        const before = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) await call();
        const used = process.cpuUsage(before);
        runs.push(((used.user + used.system) * 1000) / CALLS);
      }
      nanos[name] = Math.min(...runs);
    }
    return { nanos, timeoutFromUndici: lastInit?.dispatcher !== undefined };
  } finally {
    globalThis.fetch = realFetch;
  }
}
