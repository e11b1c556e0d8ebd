import { performance } from 'node:perf_hooks';
import type { ActivityLog, Sip2LogEntry, Sip2Stats } from './activity-log.js';
import type { Sip2Connection } from './connection.js';
import type { FaultPlan, Sip2FaultKind, Sip2FaultOptions } from './fault-plan.js';

export interface Sip2Controls {
  /** Switches a misbehaviour on for the next message(s) (`times`, default 1); `null` switches it off. */
  fault(kind: Sip2FaultKind | null, options?: Sip2FaultOptions): void;
  /** Delay before every answer, in ms. */
  latency(ms: number): void;
  /** Drops every open connection now, as a server restart does. */
  closeAllConnections(): void;
  /**
   * On each idle check, drops each connection idle since the check before (a whole interval without a
   * byte either way, as a server's idle timeout counts from the last answer) with this probability (0
   * stops it).
   */
  closeIdleAtRandom(probability: number): void;
  stats(): Sip2Stats;
  /** Command codes and times only, never a field (fields carry PINs and passwords). */
  requestLog(): readonly Sip2LogEntry[];
}

/** The controls, and `stop()` for the emulator's close (the idle check is a timer). */
export function createSip2Controls(deps: {
  faults: FaultPlan;
  log: ActivityLog;
  settings: { latencyMs: number };
  connections: ReadonlySet<Sip2Connection>;
  idleCheckIntervalMs: number;
}): { controls: Sip2Controls; stop(): void } {
  const { faults, log, settings, connections } = deps;
  let idleCheck: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(idleCheck);
    idleCheck = undefined;
  };
  const controls: Sip2Controls = {
    fault: (kind, options) => faults.set(kind, options),
    latency: (ms) => {
      if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
        throw new RangeError(`latency(ms): expected a whole number from 0 to 600000, got ${String(ms)}`);
      }
      settings.latencyMs = ms;
    },
    closeAllConnections: () => {
      for (const connection of connections) connection.close();
    },
    closeIdleAtRandom: (probability) => {
      if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
        throw new RangeError(`closeIdleAtRandom(probability): expected 0 to 1, got ${String(probability)}`);
      }
      stop();
      if (probability === 0) return;
      const intervalMs = Math.max(1, deps.idleCheckIntervalMs);
      idleCheck = setInterval(() => {
        const now = performance.now();
        for (const connection of connections) {
          if (connection.idleForMs(now) >= intervalMs && Math.random() < probability) connection.close();
        }
      }, intervalMs);
      idleCheck.unref();
    },
    stats: () => log.stats(),
    requestLog: () => log.entries(),
  };
  return { controls, stop };
}
