// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time of one stretch of it went, per call.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The path of the last profile `node --cpu-prof --cpu-prof-dir=<dir>` wrote (names sort by time). */
export function newestProfile(dir) {
  const name = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (!name) throw new Error(`no .cpuprofile in ${dir}`);
  return join(dir, name);
}

/** Where a frame's code lives, by its script URL; the first match wins. */
const AREAS = [
  // core's ./web entry (IlsAuthEngine: cookies, sealing, the browser's sessions); what it shares with the root entry
  // (PatronAuth, sessions, the client, stores) is in core's chunk files, the next area.
  ['ils-auth core web layer', /packages\/core\/dist\/web\.c?js|@ils-auth\/core\/dist\/web\.c?js/],
  ['ils-auth core', /packages\/core\/dist\/|@ils-auth\/core/],
  ['@ils-auth/express', /packages\/express\/dist\/|@ils-auth\/express/],
  ['@ils-auth/nestjs', /packages\/nestjs\/dist\/|@ils-auth\/nestjs/],
  ['@badgateway/oauth2-client', /@badgateway\/oauth2-client/],
  [
    'Passport and express-session',
    /\/node_modules\/(passport|passport-strategy|express-session|on-headers|uid-safe|pause|utils-merge)\//,
  ],
  [
    'Passport, @nestjs/passport and @fastify/session',
    /\/node_modules\/(@nestjs\/passport|@fastify\/session|@fastify\/cookie|cookie-signature)\//,
  ],
  ['NestJS and Fastify', /\/node_modules\/(@nestjs|fastify|@fastify|find-my-way|light-my-request|avvio)\//],
  ['Express and other packages', /\/node_modules\//],
  ['benchmark harness', /\/bench\//],
  ['Node HTTP server and parser', /^node:(_http_|internal\/http)/],
  ['undici (fetch)', /^node:internal\/deps\/undici/],
  ['web streams (Response body)', /^node:internal\/webstreams/],
  ['sockets and Node streams', /^node:(net|stream|internal\/streams|internal\/stream_base_commons)/],
  ['timers and microtask queue', /^node:(timers|internal\/timers|internal\/process\/task_queues)/],
  ['AbortSignal and EventTarget', /^node:internal\/(abort_controller|event_target)/],
  ['URL', /^node:internal\/url/],
  ['other Node.js internals', /^node:/],
];

/**
 * Time per call in each area over `windows` ({ fromMicros, toMicros, calls }[], process.hrtime in µs, the
 * clock of the profile). A sample in a built-in without a script (Date.now, a Map lookup, a socket write)
 * counts for the nearest caller that has one: a Map lookup in core's code is core's time. Returns
 * { areas: [name, µs/call][], functions: [area, name, µs/call][] (self time), inclusive: the same with the
 * time of the functions they call synchronously (but not fetch's and the sockets' time), idleShare }.
 */
export function summariseProfile(profile, windows) {
  const calls = windows.reduce((sum, w) => sum + w.calls, 0);
  const inWindow = (micros) => windows.some((w) => micros >= w.fromMicros && micros <= w.toMicros);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const areaTime = new Map();
  const functionTime = new Map();
  const inclusiveTime = new Map();
  const keyOf = new Map(); // node id → function key
  let idle = 0;
  let total = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const spent = profile.timeDeltas[i + 1] ?? 0;
    if (!inWindow(at)) continue;
    total += spent;
    const leaf = nodes.get(profile.samples[i]);
    const special = leaf.callFrame.functionName;
    if (special === '(idle)') {
      idle += spent;
      continue;
    }
    let owner = leaf;
    while (owner && !owner.callFrame.url && parentOf.has(owner.id)) owner = nodes.get(parentOf.get(owner.id));
    const url = owner?.callFrame.url ?? '';
    const area =
      special === '(garbage collector)'
        ? 'garbage collection'
        : special === '(program)'
          ? 'V8 and native code outside any script'
          : url
            ? areaOf(url)
            : 'native code outside any script';
    areaTime.set(area, (areaTime.get(area) ?? 0) + spent);
    if (url) {
      const key = functionKey(area, owner);
      functionTime.set(key, (functionTime.get(key) ?? 0) + spent);
    }
    // Inclusive time: once for each function on the sample's stack (synchronous callers only; the
    // continuation after an `await` starts a new stack), leaving out samples inside fetch (undici) and
    // the sockets, so that a function that starts a fetch is charged with its own work, not the request's.
    if (FETCH_AND_IO.has(area)) continue;
    const onStack = new Set();
    let inFetch = false;
    for (let frame = owner; frame && !inFetch; frame = nodes.get(parentOf.get(frame.id))) {
      if (!frame.callFrame.url) continue;
      if (!keyOf.has(frame.id)) keyOf.set(frame.id, functionKey(areaOf(frame.callFrame.url), frame));
      const key = keyOf.get(frame.id);
      inFetch = key.startsWith('undici (fetch)\u0000');
      onStack.add(key);
    }
    if (!inFetch) for (const key of onStack) inclusiveTime.set(key, (inclusiveTime.get(key) ?? 0) + spent);
  }
  const perCall = (micros) => micros / calls;
  return {
    areas: [...areaTime].sort((a, b) => b[1] - a[1]).map(([name, micros]) => [name, perCall(micros)]),
    functions: byTime(functionTime, perCall),
    inclusive: byTime(inclusiveTime, perCall),
    idleShare: total > 0 ? idle / total : 0,
  };
}

const FETCH_AND_IO = new Set([
  'undici (fetch)',
  'web streams (Response body)',
  'sockets and Node streams',
  'Node HTTP server and parser',
]);

const areaOf = (url) => AREAS.find(([, pattern]) => pattern.test(url))?.[0] ?? 'other';

function functionKey(area, node) {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${area}\u0000${functionName || '(anonymous)'} (${url.split('/').at(-1)}:${lineNumber + 1})`;
}

const byTime = (times, perCall) =>
  [...times].sort((a, b) => b[1] - a[1]).map(([key, micros]) => [...key.split('\u0000'), perCall(micros)]);

/**
 * Prints `summaries` (name → summariseProfile() result) as one table: µs per call (or request) by area,
 * a column per name.
 */
export function printAreaTable(summaries, say) {
  const names = Object.keys(summaries);
  const areas = [...new Set(names.flatMap((n) => summaries[n].areas.map(([area]) => area)))];
  const value = (name, area) => summaries[name].areas.find(([a]) => a === area)?.[1] ?? 0;
  const total = (name) => summaries[name].areas.reduce((sum, [, micros]) => sum + micros, 0);
  const width = Math.max(16, ...names.map((n) => n.length + 2));
  const cell = (text) => String(text).padStart(width);
  const figure = (micros) => cell((Math.round(micros * 10) / 10).toFixed(1));
  say(`${'area'.padEnd(40)}${names.map(cell).join('')}`);
  for (const area of areas) say(`${area.padEnd(40)}${names.map((n) => figure(value(n, area))).join('')}`);
  say(`${'total'.padEnd(40)}${names.map((n) => figure(total(n))).join('')}`);
}
