import { IlsAuthError } from '../../errors/ils-auth-error.js';
import type { ProviderDescriptor } from '../../providers/provider-descriptor.js';
import { LoginThrottle } from '../login-throttle.js';
import type { ProviderSettings } from '../provider-settings.js';
import { isLocalPath } from '../return-to.js';
import { createSealer, type Sealer } from '../sealer.js';
import { SessionUsers } from '../session-users.js';
import { SignedOutEverywhere } from '../signed-out-everywhere.js';
import {
  invalidOption,
  type ResolvedWebOptions,
  resolveWebOptions,
  type WebOptions,
} from '../web-options.js';
import {
  HOOK_OPTION_NAMES,
  type IlsAuthCallbacks,
  type IlsAuthEvents,
  resolveSignInHooks,
  type SignInHooks,
} from './sign-in-hooks.js';
import { createWebProviders, type WebProvider } from './web-provider.js';

/** The options of the engine: core's shared web options, the providers, the failure page and the hooks. */
export interface EngineOptions<User = unknown, Req = unknown> extends WebOptions {
  /** Name → descriptor, or descriptor plus settings. Names appear in routes and cookies. */
  providers: Record<string, ProviderDescriptor | ProviderSettings>;
  /**
   * The application's page for failed sign-ins (a path, e.g. the sign-in form). A page (form post or
   * navigation) whose sign-in fails is sent there with `?error=<code>&provider=<name>&returnTo=`; a JSON
   * client gets the JSON error whatever this says. Default none: every failure is answered as an error.
   */
  failureRedirect?: string;
  /** `signIn`: map the patron to your user, refuse them, or choose where they go. */
  callbacks?: IlsAuthCallbacks<User, Req>;
  /** `signIn`, `signOut`: told after the fact. */
  events?: IlsAuthEvents<User, Req>;
}

/** How an adapter builds its engine: its name in errors, its own option names, its default event logger. */
export interface EngineAdapter {
  /** Named in `config_invalid` messages: `ilsAuth`, `IlsAuthModule`. */
  owner: string;
  /** The adapter's own option names (`basePath`, …), which core leaves to it. */
  ownOptions?: readonly string[];
  /** Where an event handler's error goes without `events.error`. */
  eventError?: (error: unknown) => void;
}

/** What one engine builds once and every request shares. */
export interface EngineSetup<Req = unknown> {
  readonly owner: string;
  readonly options: ResolvedWebOptions;
  readonly providers: ReadonlyMap<string, WebProvider>;
  /** Provider names in configuration order: `patron` is the first of these a browser is signed in to. */
  readonly order: readonly string[];
  readonly throttle: LoginThrottle | undefined;
  readonly failureRedirect: string | undefined;
  /** The application users that `signIn` callbacks mapped patrons to, kept beside their sessions. */
  readonly users: SessionUsers;
  readonly sealer: Sealer;
  readonly signedOutEverywhere: SignedOutEverywhere;
  readonly hooks: SignInHooks<Req>;
}

const ENGINE_OPTION_NAMES = ['providers', 'failureRedirect', ...HOOK_OPTION_NAMES];

export function createEngineSetup<Req>(
  options: EngineOptions<unknown, Req>,
  adapter: EngineAdapter,
): EngineSetup<Req> {
  const { owner } = adapter;
  const resolved = resolveWebOptions(owner, options, [...ENGINE_OPTION_NAMES, ...(adapter.ownOptions ?? [])]);
  if (options.failureRedirect !== undefined && !isLocalPath(options.failureRedirect))
    throw invalidOption(owner, 'failureRedirect', 'must be a path on this site');
  const { store, secrets, throttle, keyPrefix, clock } = resolved;
  const providers = createWebProviders(owner, options.providers, resolved);
  return {
    owner,
    options: resolved,
    providers,
    order: [...providers.keys()],
    throttle: throttle
      ? new LoginThrottle(
          throttle.store,
          secrets[0]!,
          keyPrefix,
          { barcode: throttle.barcode, ip: throttle.ip },
          clock,
          throttle.duringStoreOutage,
        )
      : undefined,
    failureRedirect: options.failureRedirect,
    users: new SessionUsers(store, keyPrefix, clock),
    sealer: createSealer(secrets),
    signedOutEverywhere: new SignedOutEverywhere(store, secrets[0]!, keyPrefix, clock),
    hooks: resolveSignInHooks(owner, options, adapter.eventError ?? reportToConsole),
  };
}

function reportToConsole(error: unknown): void {
  console.error('ils-auth: an event handler failed', error);
}

/** A provider by the name the application gave it; `config_invalid` for a name that was never configured. */
export function providerNamed(setup: EngineSetup, name: string): WebProvider {
  const provider = typeof name === 'string' ? setup.providers.get(name) : undefined;
  if (!provider)
    throw new IlsAuthError(
      'config_invalid',
      `no provider named "${String(name).slice(0, 40)}" is configured`,
      {
        retryable: false,
      },
    );
  return provider;
}
