import {
  createClient,
  createPatronAuth,
  IlsAuthError,
  type IlsClient,
  LoginThrottle,
  MemoryStore,
  type PatronAuth,
  type PatronAuthOptions,
  type ProviderDescriptor,
  type TokenStore,
} from '@ils-auth/core';
import { NestCodeFlowStrategy, NestPinStrategy } from './nest-strategies.js';
import type { ResolvedOptions, ResolvedProvider } from './options.js';
import { unregisterStrategy } from './passport-registry.js';
import { SessionCookieJar } from './session-cookie.js';

export interface ProviderRuntime extends ResolvedProvider {
  /** Core's patron API; the strategy's own when there is one, so guard and service share it. */
  auth: PatronAuth;
  /** The one app-token client of this provider; undefined without client credentials (RERO). */
  client: IlsClient | undefined;
  /** The Passport strategy's name; undefined when the provider has no sign-in (`signIn: false`). */
  strategyName: string | undefined;
}

/** Module instances alive in this process: each registers its strategies with Passport under its own names. */
let instances = 0;

/** Everything one `IlsAuthModule` builds once and every request shares. */
export class IlsAuthRuntime {
  readonly providers = new Map<string, ProviderRuntime>();
  readonly cookies: SessionCookieJar;
  readonly store: TokenStore;
  readonly throttle: LoginThrottle | undefined;
  readonly #strategyNames: string[] = [];

  constructor(readonly options: ResolvedOptions) {
    instances += 1;
    const instance = instances;
    this.store = options.store ?? new MemoryStore();
    this.cookies = new SessionCookieJar(options.cookieName, options.secureCookies);
    const keyPrefix = options.clientOptions.keyPrefix ?? 'ils-auth';
    this.throttle = options.throttle
      ? new LoginThrottle(
          this.store,
          options.secret,
          `${keyPrefix}:nestjs`,
          options.throttle,
          options.clientOptions.clock ?? Date.now,
        )
      : undefined;
    // One client per descriptor: two names for one Sierra (login page and PIN form) share its app token.
    const clients = new Map<ProviderDescriptor, IlsClient | undefined>();
    const shared = { ...options.clientOptions, store: this.store };
    for (const provider of options.providers) {
      const { descriptor } = provider;
      if (!clients.has(descriptor)) {
        clients.set(
          descriptor,
          descriptor.grants.includes('client_credentials') ? createClient(descriptor, shared) : undefined,
        );
      }
      const client = clients.get(descriptor);
      const patronOptions: PatronAuthOptions = {
        ...shared,
        ...(client ? { appClient: client } : {}),
        ...(provider.sessionTtlSeconds === undefined
          ? {}
          : { sessionTtlSeconds: provider.sessionTtlSeconds }),
        ...(provider.transactionMaxAgeSeconds === undefined
          ? {}
          : { transactionMaxAgeSeconds: provider.transactionMaxAgeSeconds }),
      };
      const strategyName = provider.signIn ? `ils-auth-${instance}:${provider.name}` : undefined;
      let auth: PatronAuth;
      if (provider.signIn === 'pin') {
        auth = new NestPinStrategy({ ...patronOptions, provider: descriptor, name: strategyName }).auth;
      } else if (provider.signIn === 'code') {
        auth = new NestCodeFlowStrategy({
          ...patronOptions,
          provider: descriptor,
          name: strategyName,
          callbackURL: `${options.basePath}/${provider.name}/callback`,
          ...(provider.scopes ? { scope: provider.scopes } : {}),
          secret: options.secret,
          // Named after the provider, not the per-process strategy name: a restarted process, or another
          // one behind the load balancer, must read the cookie it set.
          cookieName: `ils_auth_tx_${provider.name}`,
        }).auth;
      } else {
        auth = createPatronAuth(descriptor, patronOptions);
      }
      if (strategyName) this.#strategyNames.push(strategyName);
      this.providers.set(provider.name, { ...provider, auth, client, strategyName });
    }
  }

  provider(name: string): ProviderRuntime {
    const provider = typeof name === 'string' ? this.providers.get(name) : undefined;
    if (!provider) {
      throw new IlsAuthError(
        'config_invalid',
        `IlsAuthModule: no provider named "${String(name).slice(0, 40)}"`,
        { retryable: false },
      );
    }
    return provider;
  }

  /** Takes this module's strategies out of Passport (the app is closing). */
  close(): void {
    for (const name of this.#strategyNames.splice(0)) unregisterStrategy(name);
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthRuntime', providers: [...this.providers.keys()] };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `IlsAuthRuntime { providers: ${JSON.stringify([...this.providers.keys()])} }`;
  }
}
