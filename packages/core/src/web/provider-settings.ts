import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { isLocalPath } from './return-to.js';
import { checkTransactionMaxAge, invalidOption, refuseUnknownOptions } from './web-options.js';

/**
 * How patrons of one provider sign in: `'code'`, the provider's login page (Sierra's `/authorize`, RERO,
 * OpenID Connect); `'pin'`, the app's own form posts `barcode` and `pin` (Sierra's PIN check, OverDrive's
 * password grant); `false`, no sign-in (app token only).
 */
export type SignInMethod = 'code' | 'pin' | false;

export interface ProviderSettings {
  /** The descriptor: `sierra({…})`, `overdrive({…})`, `rero({…})`, `oauth2({…})`. */
  provider: ProviderDescriptor;
  /** Default `'code'` when the provider has an authorization endpoint, else `'pin'` when it can check a PIN. */
  signIn?: SignInMethod;
  /** PIN providers: the app's page with the sign-in form; unauthenticated pages are sent there with `returnTo`. */
  loginPage?: string;
  /** Code flow: scopes to request instead of the descriptor's. */
  scopes?: readonly string[];
  /** Code flow: extra authorization URL parameters (`ui_locales`, `prompt`…). */
  authorizationParams?: Record<string, string>;
  /** Sessions without a patron token (Sierra PIN check): their length in seconds. Default 3600. */
  sessionTtlSeconds?: number;
  /** Code flow: overrides the shared `transactionMaxAgeSeconds` for this provider. */
  transactionMaxAgeSeconds?: number;
  /**
   * Code flow: the redirect URI registered with the provider, sent exactly as written
   * (`https://app.example/callback`, or a path on this site such as `/callback`). The callback is served at
   * its path. Default: the shim's own route (Express: `<basePath>/<name>/callback`).
   */
  redirectUri?: string;
}

const SETTING_NAMES = [
  'provider',
  'signIn',
  'loginPage',
  'scopes',
  'authorizationParams',
  'sessionTtlSeconds',
  'transactionMaxAgeSeconds',
  'redirectUri',
];
const PROVIDER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export interface ResolvedProviderSettings {
  /** The name the application gave it, as it appears in routes (`/auth/<name>/login`) and cookies. */
  name: string;
  descriptor: ProviderDescriptor;
  signIn: SignInMethod;
  loginPage: string | undefined;
  scopes: readonly string[] | undefined;
  authorizationParams: Record<string, string> | undefined;
  sessionTtlSeconds: number | undefined;
  transactionMaxAgeSeconds: number;
  /** The registered redirect URI as configured (absolute or a path), when one was given. */
  redirectUri: string | undefined;
  /** Its path: where the callback is served and the transaction cookie is sent. */
  callbackPath: string | undefined;
}

/** Checks `providers` (name → descriptor or settings) once, at construction, as every shim reads it. */
export function resolveProviderSettings(
  owner: string,
  providers: Record<string, ProviderDescriptor | ProviderSettings> | undefined,
  defaultTransactionMaxAgeSeconds: number,
): ResolvedProviderSettings[] {
  if (!providers || typeof providers !== 'object' || Object.keys(providers).length === 0)
    throw invalidOption(owner, 'providers', 'must name at least one provider');
  const resolved = Object.entries(providers).map(([name, value]) => {
    const option = `providers.${name}`;
    if (!PROVIDER_NAME.test(name))
      throw invalidOption(
        owner,
        option,
        'has a name that is not 1-32 letters, digits, "_" or "-" starting with a letter',
      );
    const settings: ProviderSettings = isDescriptor(value) ? { provider: value } : value;
    if (!settings || typeof settings !== 'object' || !isDescriptor(settings.provider))
      throw invalidOption(
        owner,
        option,
        'must be a provider descriptor (sierra(), overdrive(), rero(), oauth2()) or { provider, … }',
      );
    refuseUnknownOptions(owner, settings, SETTING_NAMES, `${option}.`);
    const descriptor = settings.provider;
    const signIn = settings.signIn ?? defaultSignIn(descriptor);
    checkSignIn(owner, option, descriptor, signIn);
    if (settings.loginPage !== undefined && !isLocalPath(settings.loginPage))
      throw invalidOption(owner, `${option}.loginPage`, 'must be a path on this site');
    if (
      settings.scopes !== undefined &&
      (!Array.isArray(settings.scopes) || settings.scopes.some((s) => typeof s !== 'string'))
    )
      throw invalidOption(owner, `${option}.scopes`, 'must be an array of strings');
    if (
      settings.sessionTtlSeconds !== undefined &&
      !(typeof settings.sessionTtlSeconds === 'number' && settings.sessionTtlSeconds >= 1)
    )
      throw invalidOption(owner, `${option}.sessionTtlSeconds`, 'must be a number of seconds ≥ 1');
    return {
      name,
      descriptor,
      signIn,
      loginPage: settings.loginPage,
      scopes: settings.scopes,
      authorizationParams: settings.authorizationParams,
      sessionTtlSeconds: settings.sessionTtlSeconds,
      transactionMaxAgeSeconds: checkTransactionMaxAge(
        owner,
        `${option}.transactionMaxAgeSeconds`,
        settings.transactionMaxAgeSeconds ?? defaultTransactionMaxAgeSeconds,
      ),
      ...redirectUriSetting(owner, option, settings.redirectUri, signIn),
    };
  });
  const paths = new Set<string>();
  for (const { name, callbackPath } of resolved) {
    if (callbackPath === undefined) continue;
    if (paths.has(callbackPath))
      throw invalidOption(owner, `providers.${name}.redirectUri`, 'has the same path as another provider');
    paths.add(callbackPath);
  }
  return resolved;
}

/** A registered redirect URI: an http(s) URL or a local path, without a fragment (RFC 6749 §3.1.2). */
function redirectUriSetting(
  owner: string,
  option: string,
  value: unknown,
  signIn: SignInMethod,
): { redirectUri: string | undefined; callbackPath: string | undefined } {
  if (value === undefined) return { redirectUri: undefined, callbackPath: undefined };
  const at = `${option}.redirectUri`;
  if (signIn !== 'code') throw invalidOption(owner, at, 'is only for providers that sign in with "code"');
  const absolute = typeof value === 'string' && /^https?:\/\//i.test(value);
  if (typeof value !== 'string' || (!absolute && !isLocalPath(value)))
    throw invalidOption(owner, at, 'must be an http(s) URL or a path on this site');
  const url = new URL(value, 'http://redirect-uri.invalid');
  if (url.hash || value.includes('#')) throw invalidOption(owner, at, 'must not contain a fragment');
  return { redirectUri: value, callbackPath: url.pathname };
}

/**
 * The provider can sign patrons in by authorization code: its authorization endpoint is configured, or
 * comes from the metadata of its `issuer` (read before the first sign-in: `PatronAuth.ready()`).
 */
export function offersCodeFlow(descriptor: ProviderDescriptor): boolean {
  return (
    descriptor.grants.includes('authorization_code') &&
    (descriptor.endpoints.authorization !== undefined || descriptor.discovery !== undefined)
  );
}

export function defaultSignIn(descriptor: ProviderDescriptor): SignInMethod {
  if (offersCodeFlow(descriptor)) return 'code';
  if (descriptor.patron?.checkPin || descriptor.grants.includes('password')) return 'pin';
  return false;
}

/** Refuses a sign-in method the provider cannot do, naming why. */
export function checkSignIn(
  owner: string,
  option: string,
  descriptor: ProviderDescriptor,
  signIn: SignInMethod,
): void {
  const at = `${option}.signIn`;
  if (signIn === 'code') {
    if (!offersCodeFlow(descriptor))
      throw invalidOption(owner, at, `is "code" but ${descriptor.displayName} has no authorization endpoint`);
  } else if (signIn === 'pin') {
    if (descriptor.patron?.checkPin) return;
    if (!descriptor.grants.includes('password'))
      throw invalidOption(
        owner,
        at,
        `is "pin" but ${descriptor.displayName} cannot check a card number and PIN`,
      );
    if (!descriptor.allowPasswordGrant)
      throw invalidOption(
        owner,
        at,
        `is "pin", which uses the legacy password grant: create the ${descriptor.displayName} provider with \`allowPasswordGrant: true\``,
      );
  } else if (signIn !== false) {
    throw invalidOption(owner, at, 'must be "code", "pin" or false');
  }
}

export function isDescriptor(value: unknown): value is ProviderDescriptor {
  const candidate = value as Partial<ProviderDescriptor> | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.id === 'string' &&
    Array.isArray(candidate.grants) &&
    typeof candidate.endpoints === 'object'
  );
}
