import { type ParseArgsConfig, parseArgs } from 'node:util';
import { koha, oauth2, overdrive, type ProviderDescriptor, rero, sierra } from '@ils-auth/core';
import type { TokenEndpointAuthMethod } from '@ils-auth/core/extend';
import { APP_AUTH_OPTIONS } from './app-auth-options.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** The systems a command can talk to; `overdrive-patron` is OverDrive's patron (password grant) side. */
export const PROVIDER_KINDS = ['sierra', 'overdrive', 'overdrive-patron', 'rero', 'koha', 'oauth2'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Options every provider-using command accepts. */
export const PROVIDER_OPTIONS = {
  'base-url': { type: 'string' },
  issuer: { type: 'string' },
  'token-url': { type: 'string' },
  'authorization-url': { type: 'string' },
  'oauth-url': { type: 'string' },
  'patron-oauth-url': { type: 'string' },
  'api-url': { type: 'string' },
  'patron-api-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'auth-method': { type: 'string' },
  scope: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'website-id': { type: 'string' },
  'authorization-name': { type: 'string' },
  pinless: { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export const PROVIDER_OPTIONS_HELP = `Provider options:
  --base-url URL            Sierra API root (…/iii/sierra-api), RERO or Koha instance root, or the oauth2 API base
  --issuer URL              oauth2: the server's issuer; its metadata gives the endpoints (RFC 8414 / OpenID)
  --token-url URL           oauth2: the token endpoint (not needed with --issuer)
  --authorization-url URL   oauth2: the authorization endpoint (needed with --code)
  --oauth-url URL           OverDrive: OAuth host (default https://oauth.overdrive.com)
  --patron-oauth-url URL    OverDrive: patron OAuth host (default https://oauth-patron.overdrive.com)
  --api-url URL             OverDrive: API host (default https://api.overdrive.com)
  --patron-api-url URL      OverDrive: patron API host (default https://patron.api.overdrive.com)
  --client-id ID            API key / client id        (or env ILS_AUTH_CLIENT_ID)
  --client-secret S         its secret                 (or env ILS_AUTH_CLIENT_SECRET)
  --auth-method M           oauth2: basic | basic-raw | post | none (default basic; with --issuer, what it supports)
  --scope S                 oauth2: scope of the token request
  --username U              patron card number (overdrive-patron, oauth2 password grant)
  --password P              patron PIN                 (or env ILS_AUTH_PASSWORD)
  --website-id ID           OverDrive: the library's website id
  --authorization-name N    OverDrive: the library's authorization name
  --pinless                 OverDrive: the collection signs patrons in without a PIN
  --allow-insecure-http     allow http:// to a host that is not loopback (never in production)
  --timeout SECONDS         give up after this long (default 10)
  -h, --help                show help
Flags win over environment variables.`;

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * `parseArgs` with its errors turned into usage errors. Its messages name options, never values, so they
 * are safe to print; positionals are checked by the caller, which prints no value either.
 */
export function parseCommandLine(
  args: readonly string[],
  options: OptionSpecs,
  command: string,
): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new UsageError(`${describeParseError(error)} (see ils-auth ${command} --help)`);
  }
}

/** `parseArgs` explains at length; one short clause fits the one-line error format. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const sentence = message.split(/\.\s|\n/)[0]?.trim() ?? '';
  return sentence === '' ? 'bad arguments' : sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** Prints the command's help when the command line asked for it (the command then exits 0). */
export function printHelpIfAsked(values: ParsedValues, help: string, io: CliIo): boolean {
  if (values.help !== true) return false;
  io.stdout.write(`${help}\n`);
  return true;
}

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function parseProviderKind(value: string | undefined, command: string): ProviderKind {
  if (value === undefined)
    throw new UsageError(
      `missing provider: one of ${PROVIDER_KINDS.join(', ')} (see ils-auth ${command} --help)`,
    );
  if (!(PROVIDER_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(
      `unknown provider; expected one of ${PROVIDER_KINDS.join(', ')} (see ils-auth ${command} --help)`,
    );
  }
  return value as ProviderKind;
}

/** Milliseconds from `--timeout SECONDS`. */
export function timeoutMs(values: ParsedValues): number {
  const raw = stringOption(values, 'timeout');
  if (raw === undefined) return 10_000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0))
    throw new UsageError('--timeout: expected a number of seconds > 0');
  return seconds * 1000;
}

/** Secrets come from flags first, then from the environment, so they need not appear in `ps` output. */
export function resolveSecrets(values: ParsedValues, env: CliEnv) {
  return {
    clientId: stringOption(values, 'client-id') ?? nonEmpty(env.ILS_AUTH_CLIENT_ID),
    clientSecret: stringOption(values, 'client-secret') ?? nonEmpty(env.ILS_AUTH_CLIENT_SECRET),
    password: stringOption(values, 'password') ?? nonEmpty(env.ILS_AUTH_PASSWORD),
  };
}

type CliEnv = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const OVERDRIVE: readonly ProviderKind[] = ['overdrive', 'overdrive-patron'];

/** OverDrive's hosts by the flag that names each, with the production host core calls without it. */
const OVERDRIVE_HOSTS = {
  'oauth-url': 'https://oauth.overdrive.com',
  'patron-oauth-url': 'https://oauth-patron.overdrive.com',
  'api-url': 'https://api.overdrive.com',
  'patron-api-url': 'https://patron.api.overdrive.com',
} as const;

export type OverDriveHostFlag = keyof typeof OVERDRIVE_HOSTS;

/**
 * A command line that names one OverDrive host (an emulator, the integration environment) must name every
 * host the command calls (`calls`): a default would send the API key to an OverDrive production host the
 * user did not name. Without any host flag, the production hosts are what the user asked for.
 */
export function requireNamedHosts(
  kind: ProviderKind,
  values: ParsedValues,
  calls: readonly OverDriveHostFlag[],
): void {
  if (!OVERDRIVE.includes(kind)) return;
  const flags = Object.keys(OVERDRIVE_HOSTS) as OverDriveHostFlag[];
  const named = flags.filter((flag) => stringOption(values, flag) !== undefined);
  const missing = calls.find((flag) => !named.includes(flag));
  if (named.length === 0 || missing === undefined) return;
  throw new UsageError(
    `--${named[0]} names a host of your own, but --${missing} is missing: the command would call ${OVERDRIVE_HOSTS[missing]}, which this command line does not name; give --${missing}`,
  );
}

/** Options that mean something for some providers only; elsewhere they are a mistake worth naming. */
const APPLIES_TO: Readonly<Record<string, readonly ProviderKind[]>> = {
  issuer: ['oauth2'],
  'token-url': ['oauth2'],
  'authorization-url': ['oauth2'],
  'auth-method': ['oauth2'],
  scope: ['oauth2'],
  'oauth-url': OVERDRIVE,
  'patron-oauth-url': OVERDRIVE,
  'api-url': OVERDRIVE,
  'patron-api-url': OVERDRIVE,
  'website-id': OVERDRIVE,
  'authorization-name': OVERDRIVE,
  pinless: ['overdrive-patron'],
  username: ['overdrive-patron', 'oauth2'],
  password: ['overdrive-patron', 'oauth2'],
};

/** Whether a provider-specific option means something for this kind of provider. */
export function optionAppliesTo(option: keyof typeof APPLIES_TO, kind: ProviderKind): boolean {
  return APPLIES_TO[option]?.includes(kind) ?? true;
}

function rejectForeignOptions(kind: ProviderKind, values: ParsedValues): void {
  const appAuthFlag = Object.keys(APP_AUTH_OPTIONS).find((flag) => values[flag] !== undefined);
  if (appAuthFlag !== undefined)
    throw new UsageError(
      `--${appAuthFlag} applies to folio, polaris, symphony, alma or evergreen, not ${kind}`,
    );
  for (const [option, kinds] of Object.entries(APPLIES_TO)) {
    if (values[option] !== undefined && !kinds.includes(kind)) {
      throw new UsageError(`--${option} applies to ${kinds.join(' and ')}, not ${kind}`);
    }
  }
}

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['basic', 'basic-raw', 'post', 'none'];

function requireOption(value: string | undefined, flag: string, kind: ProviderKind, env?: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(`${kind} needs ${flag}${env ? ` (or env ${env})` : ''}`);
  }
  return value;
}

/** Builds the core provider descriptor the shared options describe; core validates the values themselves. */
export function buildProvider(kind: ProviderKind, values: ParsedValues, env: CliEnv): ProviderDescriptor {
  const { clientId, clientSecret } = resolveSecrets(values, env);
  const allowInsecureHttp = values['allow-insecure-http'] === true;
  const baseUrl = stringOption(values, 'base-url');
  if (baseUrl !== undefined && OVERDRIVE.includes(kind)) {
    // OverDrive has four hosts; one root cannot say which is which.
    throw new UsageError(
      'overdrive takes --oauth-url, --patron-oauth-url, --api-url and --patron-api-url, not --base-url',
    );
  }
  rejectForeignOptions(kind, values);
  const id = requireOption(clientId, '--client-id', kind, 'ILS_AUTH_CLIENT_ID');
  const authMethod = stringOption(values, 'auth-method');
  // A public client (`--auth-method none`) has no secret, nor needs one before discovery says how to authenticate.
  const issuer = stringOption(values, 'issuer');
  const secretRequired = !(authMethod === 'none' || issuer !== undefined);
  const secret = secretRequired
    ? requireOption(clientSecret, '--client-secret', kind, 'ILS_AUTH_CLIENT_SECRET')
    : clientSecret;

  switch (kind) {
    case 'sierra':
      return sierra({
        baseUrl: requireOption(baseUrl, '--base-url', kind),
        clientId: id,
        clientSecret: secret as string,
        allowInsecureHttp,
      });
    case 'overdrive':
    case 'overdrive-patron': {
      const patron = kind === 'overdrive-patron';
      const websiteId = stringOption(values, 'website-id');
      const authorizationName = stringOption(values, 'authorization-name');
      if (patron) {
        requireOption(websiteId, '--website-id', kind);
        requireOption(authorizationName, '--authorization-name', kind);
      }
      return overdrive({
        clientId: id,
        clientSecret: secret as string,
        ...(websiteId !== undefined ? { websiteId } : {}),
        ...(authorizationName !== undefined ? { authorizationName } : {}),
        pinless: values.pinless === true,
        // The CLI's overdrive-patron command exists to run this grant; asking for it is the opt-in.
        allowPasswordGrant: patron,
        ...urlOption(values, 'oauth-url', 'oauthUrl'),
        ...urlOption(values, 'patron-oauth-url', 'patronOauthUrl'),
        ...urlOption(values, 'api-url', 'apiUrl'),
        ...urlOption(values, 'patron-api-url', 'patronApiUrl'),
        allowInsecureHttp,
      });
    }
    case 'rero':
      return rero({
        ...(baseUrl !== undefined ? { baseUrl } : {}),
        clientId: id,
        clientSecret: secret as string,
        allowInsecureHttp,
      });
    case 'koha':
      return koha({
        baseUrl: requireOption(baseUrl, '--base-url', kind),
        clientId: id,
        clientSecret: secret as string,
        allowInsecureHttp,
      });
    case 'oauth2': {
      if (authMethod !== undefined && !(AUTH_METHODS as readonly string[]).includes(authMethod)) {
        throw new UsageError(`--auth-method: expected one of ${AUTH_METHODS.join(', ')}`);
      }
      const scope = stringOption(values, 'scope');
      const authorizationUrl = stringOption(values, 'authorization-url');
      // Core enables the code grant only for servers that have an authorization endpoint.
      if (stringOption(values, 'code') !== undefined && authorizationUrl === undefined)
        throw new UsageError("oauth2 --code needs --authorization-url (the server's authorization endpoint)");
      const tokenUrl = stringOption(values, 'token-url');
      return oauth2({
        ...(issuer !== undefined
          ? { issuer, ...(tokenUrl !== undefined ? { tokenUrl } : {}) }
          : { tokenUrl: requireOption(tokenUrl, '--token-url', kind) }),
        ...(authorizationUrl !== undefined ? { authorizationUrl } : {}),
        ...(baseUrl !== undefined ? { apiBaseUrl: baseUrl } : {}),
        clientId: id,
        ...(secret !== undefined ? { clientSecret: secret } : {}),
        ...(authMethod !== undefined || issuer === undefined
          ? { tokenEndpointAuth: (authMethod ?? 'basic') as TokenEndpointAuthMethod }
          : {}),
        ...(scope !== undefined ? { appScope: scope, passwordScope: scope } : {}),
        // Only a command line that carries a patron's username asks for the legacy password grant.
        allowPasswordGrant: stringOption(values, 'username') !== undefined,
        allowInsecureHttp,
      });
    }
  }
}

function urlOption(values: ParsedValues, flag: string, key: string): Record<string, string> {
  const value = stringOption(values, flag);
  return value === undefined ? {} : { [key]: value };
}
