import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminReports } from './admin-endpoints.js';
import { Clock } from './clock.js';
import { createControls, type EmulatorControls, type EmulatorSettings } from './controls.js';
import { FaultQueue } from './fault-injection.js';
import { urlHost } from './loopback.js';
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { RequestLog } from './request-log.js';
import { createRequestListener, type SystemErrors } from './request-pipeline.js';
import type { Route } from './router.js';

/** The clock and live settings a system's handlers read; created before the system's state. */
export interface EmulatorRuntime {
  clock: Clock;
  settings: EmulatorSettings;
  options: ResolvedOptions;
}

export function createRuntime(options?: EmulatorOptions): EmulatorRuntime {
  const resolved = resolveOptions(options);
  return {
    clock: new Clock(),
    settings: { tokenTtlSeconds: resolved.tokenTtlSeconds, latencyMs: resolved.latencyMs },
    options: resolved,
  };
}

export interface RunningServer {
  /** `http://host:port`, no trailing slash. */
  origin: string;
  port: number;
  controls: EmulatorControls;
  close(): Promise<void>;
}

export interface ServeConfig {
  system: string;
  routes: readonly Route[];
  errors: SystemErrors;
  /** Revokes the system's tokens and codes. */
  restart: () => void;
  /** Rewrites a path for the request log (a token in the path must not be logged). */
  logPath?: (path: string) => string;
  /** Read-only reports served as `GET /__emulator/<name>`, for tests in another process. */
  adminReports?: AdminReports;
}

export async function serve(runtime: EmulatorRuntime, config: ServeConfig): Promise<RunningServer> {
  const log = new RequestLog(
    config.routes.filter((candidate) => candidate.tokenEndpoint).map(({ endpoint }) => endpoint),
  );
  const faults = new FaultQueue();
  const controls = createControls({ ...runtime, log, faults, restart: config.restart });
  const shutdown = new AbortController();
  const server = createServer(
    createRequestListener({
      ...config,
      log,
      faults,
      controls,
      settings: runtime.settings,
      now: () => runtime.clock.now(),
      signal: shutdown.signal,
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(runtime.options.port, runtime.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    origin: `http://${urlHost(runtime.options.host)}:${port}`,
    port,
    controls,
    close() {
      closing ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open for seconds; tests want it now.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
