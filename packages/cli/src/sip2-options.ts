import { readFileSync } from 'node:fs';
import { type ProviderDescriptor, type Sip2Options, sip2 } from '@ils-auth/core';
import type { Sip2DialectName } from '@ils-auth/core/extend';
import type { ParsedValues } from './options.js';
import { stringOption, timeoutMs } from './options.js';
import { UsageError } from './usage-error.js';

/** How a command line names a SIP2 server and the SIP account ils-auth logs in with. */
export const SIP2_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  tls: { type: 'boolean' },
  'allow-insecure-tcp': { type: 'boolean' },
  'ca-file': { type: 'string' },
  'server-name': { type: 'string' },
  institution: { type: 'string' },
  'login-user-id': { type: 'string' },
  'location-code': { type: 'string' },
  dialect: { type: 'string' },
} as const;

export const SIP2_OPTIONS_HELP = `SIP2 options (sip2):
  --host HOST               the SIP2 server
  --port PORT               its port
  --tls                     implicit TLS (certificate and server name verified)
  --allow-insecure-tcp      plain TCP to a host that is not loopback (PINs in clear: a VPN or private link only)
  --ca-file PATH            PEM of the CA that signed the server's certificate (implies --tls)
  --server-name NAME        the name the certificate must carry, when it is not --host
  --institution CODE        the institution id (AO) the server expects
  --login-user-id ID        the SIP account (93 CN); its password from env ILS_AUTH_SIP2_PASSWORD
  --location-code CODE      the terminal's location (93 CP), when the server wants one
  --dialect NAME            generic (default), sip2-compliant, koha, evergreen, polaris, folio, sierra, …`;

/** The `sip2()` descriptor a command line describes; core checks the values and names the one at fault. */
export function buildSip2Provider(
  values: ParsedValues,
  env: Readonly<Record<string, string | undefined>>,
): ProviderDescriptor {
  return sip2(sip2OptionsFrom(values, env));
}

/** `sip2()`'s options from the command line and env `ILS_AUTH_SIP2_PASSWORD`. */
export function sip2OptionsFrom(
  values: ParsedValues,
  env: Readonly<Record<string, string | undefined>>,
): Sip2Options {
  const host = stringOption(values, 'host');
  const portText = stringOption(values, 'port');
  if (host === undefined) throw new UsageError('sip2 needs --host');
  if (portText === undefined || !/^\d{1,5}$/.test(portText))
    throw new UsageError('sip2 needs --port (a number)');
  const caFile = stringOption(values, 'ca-file');
  const serverName = stringOption(values, 'server-name');
  const ca = caFile === undefined ? undefined : readCa(caFile);
  const tls = values.tls === true || ca !== undefined || serverName !== undefined;
  const loginUserId = stringOption(values, 'login-user-id');
  const loginPassword = env.ILS_AUTH_SIP2_PASSWORD;
  if (loginUserId !== undefined && (loginPassword === undefined || loginPassword === ''))
    throw new UsageError('sip2 --login-user-id needs its password in env ILS_AUTH_SIP2_PASSWORD');
  const locationCode = stringOption(values, 'location-code');
  const dialect = stringOption(values, 'dialect');
  return {
    host,
    port: Number(portText),
    allowInsecureTcp: values['allow-insecure-tcp'] === true,
    // --timeout bounds the connection and each answer, as it bounds an HTTP request elsewhere.
    timeouts: { connectMs: timeoutMs(values), answerMs: timeoutMs(values) },
    ...(tls ? { tls: { ...(ca !== undefined ? { ca } : {}), ...(serverName ? { serverName } : {}) } } : {}),
    institution: stringOption(values, 'institution') ?? '',
    ...(loginUserId !== undefined ? { loginUserId, loginPassword } : {}),
    ...(locationCode !== undefined ? { locationCode } : {}),
    ...(dialect !== undefined ? { dialect: dialect as Sip2DialectName } : {}),
  };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The path is the user's own; the system's message could say more than needed.
    throw new UsageError('--ca-file: cannot read that file');
  }
}
