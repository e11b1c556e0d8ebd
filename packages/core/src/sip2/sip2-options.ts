import { configError } from '../errors/config-error.js';
import { isLoopbackHost, OptionReader } from '../providers/validate-options.js';
import type { Sip2Endpoint, Sip2TlsSettings } from './sip2-connection.js';
import {
  DEFAULT_SIP2_REFUSALS,
  SIP2_DIALECTS,
  type Sip2DialectName,
  type Sip2Refusal,
} from './sip2-dialect.js';
import { SIP2_ENCODINGS, type Sip2Codec, type Sip2Encoding, sip2Codec } from './sip2-encoding.js';
import type { Sip2PatronSettings } from './sip2-patron-check.js';
import type { Sip2PoolSettings } from './sip2-pool.js';
import { SIP2_STATUS_FLAGS } from './sip2-status-flags.js';

export interface Sip2Options {
  /** The SIP2 server's host name or address. */
  host: string;
  /** Default 6001. */
  port?: number;
  /** Implicit TLS from the first byte: `true` (Node's trusted CAs) or the CA, server name and client certificate. */
  tls?: boolean | Sip2TlsOptions;
  /** Plain TCP to a host that is not loopback sends PINs in clear: allowed only when set (a VPN, a private link). */
  allowInsecureTcp?: boolean;
  /** The institution id (AO) the server expects; default empty. */
  institution?: string;
  /** The SIP account each connection logs in with (93); without it no login is sent. */
  loginUserId?: string;
  loginPassword?: string;
  /** The location code (CP) of the login, when the server wants one. */
  locationCode?: string;
  /** The terminal password (AC) sent with patron messages; default empty. */
  terminalPassword?: string;
  /** Which server family's habits to follow; default `generic`. */
  dialect?: Sip2DialectName;
  /** The server's character encoding; default `utf-8`. */
  encoding?: Sip2Encoding;
  /** Sequence numbers and checksums (AY/AZ) on every message, required on answers; default true. */
  errorDetection?: boolean;
  /** Connections kept open to the server; default 4. */
  poolSize?: number;
  timeouts?: Sip2Timeouts;
  /** The largest answer read, in bytes; default 65536. */
  maxResponseBytes?: number;
  /**
   * What refuses a known patron with the right PIN, as block reasons (`PATRON_BLOCK_REASONS`): a status
   * flag by name (`card_lost`, `too_many_items_overdue`, …), `expired`, `excessive_fines` (the flag, or BV
   * above CC). Default: `charge_privileges_denied`, `card_lost`, `expired`.
   */
  refuseSignIn?: readonly Sip2Refusal[];
  /**
   * When the server closes a connection that sat idle in the pool just as a sign-in's message with the PIN
   * arrives (no byte of answer, no TCP reset), send the message once more on a fresh connection: default
   * true. `false`: that sign-in fails with `provider_unavailable` instead, for a system where a PIN the
   * server read twice could count two failed attempts. A message the server provably did not read is
   * always sent again; one that meets a fresh connection's hang-up never is.
   */
  resendAfterIdleDrop?: boolean;
  /** Overrides the dialect's answer to "the 64 did not say whether the PIN is right": `refuse` or `patron-status`. */
  unconfirmedPin?: 'refuse' | 'patron-status';
  /** The descriptor id, for several SIP2 servers in one application; default `sip2`. */
  id?: string;
  /** Shown in messages; default `SIP2`. */
  displayName?: string;
}

/** Each one may be given as `undefined` (a CA read from an optional setting): the same as leaving it out. */
export interface Sip2TlsOptions {
  /** PEM of the CA(s) that signed the server's certificate; default: Node's trusted roots. */
  ca?: string | undefined;
  /** The name the certificate must carry; default: `host`. */
  serverName?: string | undefined;
  /** PEM client certificate and its key, for a server that asks for one. */
  cert?: string | undefined;
  key?: string | undefined;
}

export interface Sip2Timeouts {
  /** Connecting (and the TLS handshake); default 5000. */
  connectMs?: number;
  /** Each answer; default 5000. */
  answerMs?: number;
  /** An idle connection sends SC Status after this long; default 60000; 0: never (for a server that takes no 99). */
  keepAliveMs?: number;
  /** Waiting for a free connection when all are busy; default connectMs + answerMs. */
  waitMs?: number;
}

export interface Sip2Settings {
  readonly id: string;
  readonly displayName: string;
  readonly codec: Sip2Codec;
  readonly pool: Sip2PoolSettings;
  readonly patron: Sip2PatronSettings;
}

const OPTION_NAMES = [
  'host',
  'port',
  'tls',
  'allowInsecureTcp',
  'institution',
  'loginUserId',
  'loginPassword',
  'locationCode',
  'terminalPassword',
  'dialect',
  'encoding',
  'errorDetection',
  'poolSize',
  'timeouts',
  'maxResponseBytes',
  'refuseSignIn',
  'unconfirmedPin',
  'resendAfterIdleDrop',
  'id',
  'displayName',
];

// A value with `|` would end its field and start another; control characters would end the message.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const NOT_IN_A_FIELD = /[|\u0000-\u001f\u007f]/;

const REFUSALS: ReadonlySet<string> = new Set([...SIP2_STATUS_FLAGS, 'expired']);

/** Reads and checks `sip2()`'s options once, naming the option at fault. */
export function readSip2Options(options: Sip2Options): Sip2Settings {
  const id = typeof options?.id === 'string' ? options.id : 'sip2';
  const read = new OptionReader(id, options as unknown as Record<string, unknown>);
  read.rejectUnknown(OPTION_NAMES);
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(id))
    throw configError(id, 'id', 'must be 1-32 letters, digits, "_" or "-"');
  const displayName = read.optionalString('displayName') ?? 'SIP2';
  const encoding = options.encoding ?? 'utf-8';
  if (!SIP2_ENCODINGS.includes(encoding))
    throw configError(id, 'encoding', `must be one of ${SIP2_ENCODINGS.join(', ')}`);
  const codec = sip2Codec(encoding);
  const fieldValue = (name: keyof Sip2Options, fallback?: string): string | undefined => {
    const value = options[name] === undefined ? fallback : options[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw configError(id, name, 'must be a string');
    if (NOT_IN_A_FIELD.test(value)) throw configError(id, name, 'must not contain "|" or control characters');
    if (!codec.carries(value)) throw configError(id, name, `has characters ${encoding} cannot carry`);
    return value;
  };

  const host = read.string('host', {
    forbid: /\s|^\[|\]$/,
    forbidWhy: 'must be a host name or address, without brackets',
  });
  const port = integer(id, 'port', options.port, 6001, 1, 65_535);
  const tls = readTls(id, options.tls);
  if (!tls && !read.boolean('allowInsecureTcp', false) && !isLoopbackHost(host))
    throw configError(
      id,
      'tls',
      'is off for a host that is not loopback: PINs would cross the network in clear; turn TLS on or set allowInsecureTcp: true',
    );
  const loginUserId = fieldValue('loginUserId');
  const loginPassword = fieldValue('loginPassword');
  if ((loginUserId === undefined) !== (loginPassword === undefined))
    throw configError(
      id,
      loginUserId === undefined ? 'loginUserId' : 'loginPassword',
      'is required with the other',
    );
  const locationCode = fieldValue('locationCode');

  const dialectName = options.dialect ?? 'generic';
  const dialect = SIP2_DIALECTS[dialectName];
  if (!Object.hasOwn(SIP2_DIALECTS, dialectName) || !dialect)
    throw configError(id, 'dialect', `must be one of ${Object.keys(SIP2_DIALECTS).join(', ')}`);
  const unconfirmedPin = options.unconfirmedPin ?? dialect.unconfirmedPin;
  if (unconfirmedPin !== 'refuse' && unconfirmedPin !== 'patron-status')
    throw configError(id, 'unconfirmedPin', 'must be "refuse" or "patron-status"');
  const refusals = readRefusals(id, options.refuseSignIn);

  const timeouts = options.timeouts ?? {};
  if (timeouts === null || typeof timeouts !== 'object')
    throw configError(id, 'timeouts', 'must be an object');
  const unknownTimeout = Object.keys(timeouts).find(
    (key) => !['connectMs', 'answerMs', 'keepAliveMs', 'waitMs'].includes(key),
  );
  if (unknownTimeout) throw configError(id, `timeouts.${unknownTimeout}`, 'is not a timeout of sip2()');
  const connectTimeoutMs = integer(id, 'timeouts.connectMs', timeouts.connectMs, 5_000, 1, 120_000);
  const answerTimeoutMs = integer(id, 'timeouts.answerMs', timeouts.answerMs, 5_000, 1, 120_000);
  const endpoint: Sip2Endpoint = { host, port, ...(tls ? { tls } : {}) };

  return {
    id,
    displayName,
    codec,
    pool: {
      provider: id,
      endpoint,
      codec,
      errorDetection: read.boolean('errorDetection', true),
      connectTimeoutMs,
      answerTimeoutMs,
      maxResponseBytes: integer(id, 'maxResponseBytes', options.maxResponseBytes, 65_536, 256, 16_777_216),
      size: integer(id, 'poolSize', options.poolSize, 4, 1, 64),
      keepAliveMs: integer(id, 'timeouts.keepAliveMs', timeouts.keepAliveMs, 60_000, 0, 3_600_000),
      waitTimeoutMs: integer(
        id,
        'timeouts.waitMs',
        timeouts.waitMs,
        connectTimeoutMs + answerTimeoutMs,
        1,
        600_000,
      ),
      login:
        loginUserId === undefined || loginPassword === undefined
          ? undefined
          : { loginUserId, loginPassword, ...(locationCode === undefined ? {} : { locationCode }) },
      scStatusOnConnect: dialect.scStatusOnConnect,
    },
    patron: {
      provider: id,
      displayName,
      dialect,
      institution: fieldValue('institution', '') as string,
      terminalPassword: fieldValue('terminalPassword', '') as string,
      refusals,
      unconfirmedPin,
      resendAfterIdleDrop: read.boolean('resendAfterIdleDrop', true),
    },
  };
}

function readTls(id: string, value: Sip2Options['tls']): Sip2TlsSettings | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (value === null || typeof value !== 'object')
    throw configError(id, 'tls', 'must be true, false or an object');
  const settings: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!['ca', 'serverName', 'cert', 'key'].includes(key))
      throw configError(id, `tls.${key}`, 'is not a TLS option of sip2()');
    if (entry === undefined) continue;
    if (typeof entry !== 'string' || entry.trim() === '')
      throw configError(id, `tls.${key}`, 'must be a non-empty string');
    settings[key] = entry;
  }
  if ((settings.cert === undefined) !== (settings.key === undefined))
    throw configError(id, settings.cert === undefined ? 'tls.cert' : 'tls.key', 'is required with the other');
  return settings;
}

function readRefusals(id: string, value: unknown): ReadonlySet<Sip2Refusal> {
  if (value === undefined) return new Set(DEFAULT_SIP2_REFUSALS);
  if (!Array.isArray(value)) throw configError(id, 'refuseSignIn', 'must be a list');
  const unknown = value.find((entry) => typeof entry !== 'string' || !REFUSALS.has(entry));
  if (unknown !== undefined)
    throw configError(
      id,
      'refuseSignIn',
      `has an unknown entry; use block reasons (${SIP2_STATUS_FLAGS[0]}, …, expired)`,
    );
  return new Set(value as Sip2Refusal[]);
}

function integer(
  id: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw configError(id, name, `must be a whole number from ${min} to ${max}`);
  return value;
}
