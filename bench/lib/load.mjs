import { performance } from 'node:perf_hooks';

/**
 * A closed-loop load: `lanes` callers, each calling `call()` again as soon as the previous call settles,
 * for `durationMs`. Returns completed calls, failures, latencies (ms) and the client process's CPU time.
 */
export async function closedLoop({ call, lanes, durationMs, recordLatency = false }) {
  const latencies = [];
  let ok = 0;
  let failed = 0;
  const failures = new Map();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + durationMs;
  const lane = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await call();
        ok++;
      } catch (error) {
        failed++;
        const code = error?.code ?? error?.message ?? String(error);
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
      if (recordLatency) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ok,
    failed,
    failures: Object.fromEntries(failures),
    elapsedMs,
    perSecond: (ok / elapsedMs) * 1000,
    cpuMicrosPerCall: (cpu.user + cpu.system) / Math.max(1, ok + failed),
    latencies,
  };
}
