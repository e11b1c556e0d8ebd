import type { ClientOptions, ProviderDescriptor } from '@ils-auth/core';
import {
  type AllowedHosts,
  invalidOption,
  type ResolvedWebOptions,
  WEB_OPTION_NAMES,
  type WebOptions,
} from '@ils-auth/core/web';

/**
 * The options `ilsAuth()` and `IlsAuthModule` take, under the same names, with the same meanings, defaults
 * and checks (core's web options), less `cookieName`: a strategy writes no session cookie of its own.
 */
export type StrategyWebOptions = Omit<WebOptions, 'cookieName'>;

/** What a strategy takes for its provider's patrons besides the web options (a provider setting of `ilsAuth()`). */
export interface StrategyPatronOptions {
  /** How long a session without a patron token (Sierra by PIN) lasts, in seconds. Default 3600. */
  sessionTtlSeconds?: number;
}

/** What every strategy knows about the site: enough for a same-origin check, and no secret. */
export interface SiteRules {
  readonly origin: string | undefined;
  readonly allowedHosts: AllowedHosts | undefined;
  readonly trustedOrigins: readonly string[];
  readonly defaultReturnTo: string;
}

const STRATEGY_WEB_OPTION_NAMES: readonly string[] = WEB_OPTION_NAMES.filter((name) => name !== 'cookieName');

const PATRON_OPTION_NAMES: readonly string[] = [
  'sessionTtlSeconds',
] satisfies readonly (keyof StrategyPatronOptions)[];

const CLIENT_OPTION_NAMES = [
  'userAgent',
  'timeoutMs',
  'requestTimeoutMs',
  'signInTimeoutMs',
  'maxBodyBytes',
  'expirySkewSeconds',
  'refreshAheadSeconds',
  'jitterSeconds',
  'keyPrefix',
  'fetch',
  'clock',
  'logger',
] as const satisfies readonly (keyof ClientOptions)[];

/** Options of earlier versions that are gone or mean something else now, each with what to write instead. */
const REPLACED_OPTIONS: ReadonlyMap<string, string> = new Map([
  ...CLIENT_OPTION_NAMES.map((name): [string, string] => [
    name,
    `is now \`clientOptions: { ${name} }\`, as ilsAuth() and IlsAuthModule take it`,
  ]),
  [
    'appClient',
    "is gone: a strategy's app client keeps its token in `store`, so given ilsAuth()'s store it uses ilsAuth()'s token",
  ],
  [
    'proxy',
    "is gone: X-Forwarded-Host and -Proto are believed only from a peer that Express's `trust proxy` setting trusts",
  ],
  [
    'cookieName',
    "names ilsAuth()'s session cookie, which a strategy does not write: the transaction cookie is `ils_tx_<strategy name>`, the session cookie express-session's",
  ],
]);

/** A strategy's options, split: core's web options, the patron options, and the provider they describe. */
export interface StrategyOptionParts {
  web: WebOptions;
  patron: StrategyPatronOptions;
  provider: ProviderDescriptor;
}

/** What every strategy constructor checks first: an options object and a verify function. */
export function checkStrategyArguments(owner: string, options: unknown, verify: unknown): void {
  if (options === null || typeof options !== 'object')
    throw invalidOption(owner, 'options', 'must be an object');
  if (typeof verify !== 'function') throw invalidOption(owner, 'verify', 'must be a function');
}

/**
 * Splits a strategy's options, once, at construction: core's web options (checked by core, under
 * `ilsAuth()`'s names), the patron options, the strategy's own (`own`: `name`, `callbackURL`, …), and every
 * other key, handed to `providerFrom`, which for a named strategy is its provider's factory: `sierra()`
 * refuses what it does not know, and a new `sierra()` option works here unchanged. A name that changed
 * meaning is refused with what to write now.
 */
export function splitStrategyOptions(
  owner: string,
  options: object,
  own: readonly string[],
  providerFrom: (providerOptions: Record<string, unknown>) => ProviderDescriptor,
): StrategyOptionParts {
  const web: Record<string, unknown> = {};
  const patron: Record<string, unknown> = {};
  const providerOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const replaced = REPLACED_OPTIONS.get(key);
    if (replaced !== undefined && !own.includes(key)) throw invalidOption(owner, key, replaced);
    if (STRATEGY_WEB_OPTION_NAMES.includes(key)) web[key] = value;
    else if (PATRON_OPTION_NAMES.includes(key)) {
      if (value !== undefined) patron[key] = value;
    } else if (!own.includes(key)) providerOptions[key] = value;
  }
  return {
    web: web as unknown as WebOptions,
    patron: patron as StrategyPatronOptions,
    provider: providerFrom(providerOptions),
  };
}

/** The site as core resolved it: what the same-origin check reads, and no secret. */
export function siteRulesOf(web: ResolvedWebOptions): SiteRules {
  return Object.freeze({
    origin: web.origin,
    allowedHosts: web.allowedHosts,
    trustedOrigins: web.trustedOrigins,
    defaultReturnTo: web.defaultReturnTo,
  });
}

/** A generic strategy's `provider` option: a descriptor, and nothing else beside it. */
export function givenProvider(
  owner: string,
  providerOptions: Record<string, unknown>,
  example: string,
): ProviderDescriptor {
  for (const key of Object.keys(providerOptions))
    if (key !== 'provider') throw invalidOption(owner, key, 'is not a known option');
  const provider = providerOptions.provider as ProviderDescriptor | undefined;
  if (!provider || typeof provider !== 'object' || typeof provider.id !== 'string' || !provider.endpoints)
    throw invalidOption(owner, 'provider', `must be a provider descriptor such as ${example}`);
  return provider;
}
