import { assertLoopbackHost } from './loopback.js';

/** Options every emulator accepts. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to listen on (default 127.0.0.1); anything else is refused. */
  host?: string;
  /** Lifetime of issued access tokens, in seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Delay added to every response, in milliseconds (default 0). */
  latencyMs?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  tokenTtlSeconds: number;
  latencyMs: number;
}

/** Throws a RangeError naming the option unless the value is a whole number >= 0. */
export function assertWholeNumber(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name}: expected a whole number from 0 to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Where an emulator listens: a loopback host (default 127.0.0.1) and a port (default 0, a free one). */
export function resolveListenAddress(options: { host?: unknown; port?: unknown }): {
  host: string;
  port: number;
} {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string') throw new TypeError('host: expected a string');
  assertLoopbackHost(host);
  return { host, port: assertWholeNumber('port', options.port ?? 0, 65_535) };
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  return {
    ...resolveListenAddress(options),
    tokenTtlSeconds: assertWholeNumber('tokenTtlSeconds', options.tokenTtlSeconds ?? 3600),
    latencyMs: assertWholeNumber('latencyMs', options.latencyMs ?? 0, 600_000),
  };
}
