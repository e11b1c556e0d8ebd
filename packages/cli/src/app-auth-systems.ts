import {
  type AlmaOptions,
  alma,
  createClient,
  type EvergreenOptions,
  evergreen,
  type FolioOptions,
  folio,
  type IlsClient,
  type PolarisOptions,
  type ProviderDescriptor,
  polaris,
  type SymphonyOptions,
  symphony,
} from '@ils-auth/core';
import { APP_AUTH_OPTIONS } from './app-auth-options.js';
import { CLI_USER_AGENT } from './grant-context.js';
import type { CliIo } from './io.js';
import { type ParsedValues, PROVIDER_OPTIONS, stringOption, timeoutMs } from './options.js';
import { UsageError } from './usage-error.js';

/**
 * A system whose application signs in with a staff or API user, signs its requests, or sends a static key
 * (no OAuth): each flag is named after its factory's option, each secret comes from an environment
 * variable only, since a command line is visible to every user of the machine.
 */
interface AppAuthSystem {
  /** Flag → the factory option it sets. */
  readonly flags: Readonly<Record<string, string>>;
  /** Environment variable → the factory option it sets. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly build: (options: Record<string, unknown>) => ProviderDescriptor;
}

export { APP_AUTH_OPTIONS };

export const APP_AUTH_SYSTEMS = {
  folio: {
    flags: { 'okapi-url': 'okapiUrl', tenant: 'tenant', username: 'username' },
    secrets: { ILS_AUTH_PASSWORD: 'password' },
    build: (options) => folio(options as unknown as FolioOptions),
  },
  polaris: {
    flags: {
      'base-url': 'baseUrl',
      'access-id': 'accessId',
      'staff-domain': 'staffDomain',
      'staff-username': 'staffUsername',
    },
    secrets: { ILS_AUTH_ACCESS_KEY: 'accessKey', ILS_AUTH_STAFF_PASSWORD: 'staffPassword' },
    build: (options) => polaris(options as unknown as PolarisOptions),
  },
  symphony: {
    flags: { 'base-url': 'baseUrl', 'client-id': 'clientId', 'app-id': 'appId', 'staff-login': 'staffLogin' },
    secrets: { ILS_AUTH_STAFF_PASSWORD: 'staffPassword' },
    build: (options) => symphony(options as unknown as SymphonyOptions),
  },
  alma: {
    flags: { 'api-url': 'apiUrl' },
    secrets: { ILS_AUTH_API_KEY: 'apiKey' },
    build: (options) => alma(options as unknown as AlmaOptions),
  },
  evergreen: {
    flags: { 'base-url': 'baseUrl', username: 'username' },
    secrets: { ILS_AUTH_PASSWORD: 'password' },
    build: (options) => evergreen(options as unknown as EvergreenOptions),
  },
} as const satisfies Record<string, AppAuthSystem>;

export type AppAuthSystemName = keyof typeof APP_AUTH_SYSTEMS;

export const APP_AUTH_OPTIONS_HELP = `FOLIO, Polaris, Symphony, Alma and Evergreen options (secrets from the environment only):
  folio       --okapi-url URL --tenant T --username U           env ILS_AUTH_PASSWORD
  polaris     --base-url URL (…/PAPIService/REST) --access-id ID --staff-domain D --staff-username U
                                                                env ILS_AUTH_ACCESS_KEY, ILS_AUTH_STAFF_PASSWORD
  symphony    --base-url URL --client-id ID --app-id ID --staff-login L
                                                                env ILS_AUTH_STAFF_PASSWORD
  alma        --api-url URL (the regional gateway, …/almaws/v1) env ILS_AUTH_API_KEY
  evergreen   --base-url URL --username U                       env ILS_AUTH_PASSWORD
  --allow-insecure-http and --timeout SECONDS as for the other systems.`;

export function isAppAuthSystem(name: string | undefined): name is AppAuthSystemName {
  return name !== undefined && Object.hasOwn(APP_AUTH_SYSTEMS, name);
}

/** Flags every system takes, and those a command adds for itself. */
const ALWAYS_ALLOWED = new Set(['allow-insecure-http', 'timeout', 'help']);
const PROVIDER_FLAGS = [...Object.keys(PROVIDER_OPTIONS), ...Object.keys(APP_AUTH_OPTIONS)];

/** The descriptor a command line and environment describe; core checks the values and names the one at fault. */
export function buildAppAuthProvider(
  name: AppAuthSystemName,
  values: ParsedValues,
  env: Readonly<Record<string, string | undefined>>,
): ProviderDescriptor {
  const system: AppAuthSystem = APP_AUTH_SYSTEMS[name];
  for (const flag of PROVIDER_FLAGS) {
    if (values[flag] === undefined || ALWAYS_ALLOWED.has(flag) || Object.hasOwn(system.flags, flag)) continue;
    if (flag === 'password' || flag === 'client-secret')
      throw new UsageError(
        `${name} reads its secrets from env ${Object.keys(system.secrets).join(' and ')}, never from --${flag}`,
      );
    throw new UsageError(`--${flag} does not apply to ${name} (see ils-auth --help)`);
  }
  const options: Record<string, unknown> = { allowInsecureHttp: values['allow-insecure-http'] === true };
  for (const [flag, option] of Object.entries(system.flags)) {
    const value = stringOption(values, flag);
    if (value === undefined || value === '') throw new UsageError(`${name} needs --${flag}`);
    options[option] = value;
  }
  for (const [variable, option] of Object.entries(system.secrets)) {
    const value = env[variable];
    if (value === undefined || value === '') throw new UsageError(`${name} needs env ${variable}`);
    options[option] = value;
  }
  return system.build(options);
}

/** An application client of one of the five, bounded by `--timeout`. */
export function appAuthClient(provider: ProviderDescriptor, values: ParsedValues): IlsClient {
  const timeout = timeoutMs(values);
  return createClient(provider, { userAgent: CLI_USER_AGENT, timeoutMs: timeout, requestTimeoutMs: timeout });
}

/** What `token` prints for the app credential: its kind and expiry, never the credential itself. */
export async function describeAppCredential(client: IlsClient, io: CliIo, now: number): Promise<void> {
  const tokens = await client.getTokenSet();
  const scheme = client.provider.appAuth?.scheme;
  const description =
    scheme === 'static-key'
      ? {
          system: client.provider.id,
          credential: 'static key',
          expires: 'never (a key is valid until revoked)',
        }
      : {
          system: client.provider.id,
          credential: 'session',
          expires_in: Math.max(0, Math.round(tokens.remainingMs(now) / 1000)),
          expires_at: new Date(tokens.expiresAt).toISOString(),
        };
  io.stdout.write(`${JSON.stringify(description)}\n`);
}
