import type { Clock } from './clock.js';
import type { Fault, FaultQueue } from './fault-injection.js';
import { assertWholeNumber } from './options.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';

/** What tests turn on an emulator. */
export interface EmulatorControls {
  /** Emulator clock, epoch ms (real time plus what `advance` added). */
  now(): number;
  /** Moves the emulator clock forward: tokens and codes expire as if the time had passed. */
  advance(seconds: number): void;
  /** Lifetime of tokens issued from now on. */
  setTokenTtl(seconds: number): void;
  /** Delay added to every response. */
  setLatency(ms: number): void;
  /** Revokes every token and code, as a restart of the real server (Sierra's Tomcat) does. */
  restart(): void;
  /** Queues a failure for the next matching request(s). */
  inject(fault: Fault): void;
  clearFaults(): void;
  requests(): RequestLogEntry[];
  /** Requests to one endpoint, or to all token endpoints when none is named. */
  tokenRequests(endpoint?: string): number;
  clearRequests(): void;
}

/** Values the controls change while the emulator runs. */
export interface EmulatorSettings {
  tokenTtlSeconds: number;
  latencyMs: number;
}

export function createControls(deps: {
  clock: Clock;
  settings: EmulatorSettings;
  log: RequestLog;
  faults: FaultQueue;
  restart: () => void;
}): EmulatorControls {
  const { clock, settings, log, faults } = deps;
  return {
    now: () => clock.now(),
    advance: (seconds) => clock.advance(seconds),
    setTokenTtl: (seconds) => {
      settings.tokenTtlSeconds = assertWholeNumber('setTokenTtl(seconds)', seconds);
    },
    setLatency: (ms) => {
      settings.latencyMs = assertWholeNumber('setLatency(ms)', ms, 600_000);
    },
    restart: () => deps.restart(),
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    requests: () => log.entries(),
    tokenRequests: (endpoint) => log.tokenRequests(endpoint),
    clearRequests: () => log.clear(),
  };
}
