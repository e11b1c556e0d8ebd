// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time of one stretch of it went, per call.

/** Where a frame's code lives, by its script URL; the first match wins. */
const AREAS = [
  ['ils-auth core', /packages\/core\/dist\/|@ils-auth\/core/],
  ['@badgateway/oauth2-client', /@badgateway\/oauth2-client/],
  ['benchmark harness', /\/bench\//],
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
 * { areas: [name, µs/call][], functions: [area, name, µs/call][], idleShare }.
 */
export function summariseProfile(profile, windows) {
  const calls = windows.reduce((sum, w) => sum + w.calls, 0);
  const inWindow = (micros) => windows.some((w) => micros >= w.fromMicros && micros <= w.toMicros);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const areaTime = new Map();
  const functionTime = new Map();
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
          : (AREAS.find(([, pattern]) => pattern.test(url))?.[0] ?? 'native code outside any script');
    areaTime.set(area, (areaTime.get(area) ?? 0) + spent);
    if (url) {
      const name = `${owner.callFrame.functionName || '(anonymous)'} (${url.split('/').at(-1)}:${owner.callFrame.lineNumber + 1})`;
      const key = `${area}\u0000${name}`;
      functionTime.set(key, (functionTime.get(key) ?? 0) + spent);
    }
  }
  const perCall = (micros) => micros / calls;
  return {
    areas: [...areaTime].sort((a, b) => b[1] - a[1]).map(([name, micros]) => [name, perCall(micros)]),
    functions: [...functionTime]
      .sort((a, b) => b[1] - a[1])
      .map(([key, micros]) => [...key.split('\u0000'), perCall(micros)]),
    idleShare: total > 0 ? idle / total : 0,
  };
}
