import { assertWholeNumber, resolveListenAddress } from '../shared/options.js';
import type { Sip2Encoding } from './encoding.js';
import { SIP2_FLAVOURS, type Sip2FlavourName } from './flavours.js';

export interface Sip2EmulatorOptions {
  /** Loopback address to listen on (default `127.0.0.1`); anything else is refused. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Implicit TLS (no STARTTLS) with the emulator's test certificate for 127.0.0.1, ::1 and localhost. */
  tls?: boolean;
  /** Encoding on the wire (default `utf-8`); checksums are over its bytes. */
  encoding?: Sip2Encoding;
  /** Whose habits it copies: field set, CQ rule, extension fields, wording (default `generic`). */
  flavour?: Sip2FlavourName;
  /** The 93 must come first, else the connection is closed; a refused login closes it too (default true). */
  requireLogin?: boolean;
  /**
   * `optional` (default): checks AY/AZ when a message carries them and answers with them then; `required`:
   * a message without them gets 96; `none`: a server with error detection off, never sends or checks them.
   */
  checksums?: 'required' | 'optional' | 'none';
  /** Closes a connection idle this long, in ms (default: never). */
  idleTimeoutMs?: number;
  /** How often `closeIdleAtRandom` looks at the idle connections, in ms (default 100). */
  idleCheckIntervalMs?: number;
}

export type ResolvedSip2Options = Required<Omit<Sip2EmulatorOptions, 'idleTimeoutMs'>> & {
  idleTimeoutMs: number | undefined;
};

const KEYS = new Set([
  'host',
  'port',
  'tls',
  'encoding',
  'flavour',
  'requireLogin',
  'checksums',
  'idleTimeoutMs',
  'idleCheckIntervalMs',
]);

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new RangeError(`${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name}: expected a boolean`);
  return value;
}

/** Checks every option once, naming the one that is wrong. */
export function resolveSip2Options(options: Sip2EmulatorOptions = {}): ResolvedSip2Options {
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new RangeError(`${key}: not an option of the SIP2 emulator`);
  }
  return {
    ...resolveListenAddress(options),
    tls: flag('tls', options.tls, false),
    encoding: oneOf('encoding', options.encoding, ['utf-8', 'windows-1252'], 'utf-8'),
    flavour: oneOf('flavour', options.flavour, Object.keys(SIP2_FLAVOURS) as Sip2FlavourName[], 'generic'),
    requireLogin: flag('requireLogin', options.requireLogin, true),
    checksums: oneOf('checksums', options.checksums, ['required', 'optional', 'none'], 'optional'),
    idleTimeoutMs:
      options.idleTimeoutMs === undefined
        ? undefined
        : assertWholeNumber('idleTimeoutMs', options.idleTimeoutMs, 86_400_000),
    idleCheckIntervalMs: assertWholeNumber('idleCheckIntervalMs', options.idleCheckIntervalMs ?? 100, 60_000),
  };
}
