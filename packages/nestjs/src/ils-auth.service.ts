import { inspect } from 'node:util';
import { IlsAuthError, type IlsClient, type PatronAuth, type PatronSession } from '@ils-auth/core';
import {
  type Patron,
  type PatronFetchInit,
  patronFetch,
  type SignOutOptions,
  signOut,
} from '@ils-auth/core/web';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { ILS_AUTH_OPTIONS } from './ils-auth.module-definition.js';
import { createSetup, type IlsAuthModuleOptions, type IlsAuthSetup } from './options.js';
import { engineRequestOf, finishSignIn, loadPatrons, syncPatrons } from './request-patrons.js';
import { appendCookies, setHeaders } from './web-response.js';

/** `logout(req, res, options)`: core's sign-out options, without the redirect (the route answers). */
export type LogoutOptions = Pick<SignOutOptions, 'provider' | 'everywhere'>;

/** The web layer behind each service, for this package's guards; not part of the public API. */
const setups = new WeakMap<IlsAuthService, IlsAuthSetup>();

export function setupOf(service: IlsAuthService): IlsAuthSetup {
  const setup = setups.get(service);
  if (!setup) throw new IlsAuthError('config_invalid', 'IlsAuthService was not made by IlsAuthModule');
  return setup;
}

/**
 * ils-auth inside a Nest app: the shared app-token clients, core's patron API, and the signed-in patron's
 * session. Options are checked here, once, when the module starts (`config_invalid` naming the option).
 */
@Injectable()
export class IlsAuthService implements OnApplicationShutdown {
  constructor(@Inject(ILS_AUTH_OPTIONS) options: IlsAuthModuleOptions) {
    setups.set(this, createSetup(options));
  }

  /** `app.close()` closes the stores of the options that can be (a `RedisStore` keeps the process alive). */
  async onApplicationShutdown(): Promise<void> {
    await setupOf(this).engine.close();
  }

  /** The names given in `providers`. */
  get providers(): string[] {
    return [...setupOf(this).engine.setup.order];
  }

  /**
   * The provider's one shared app-token client (cached, renewed ahead of expiry). Pass the patron's IP where
   * the provider wants it: `client('sierra').fetch('bibs/1', { forwardedFor: req.ip })`.
   */
  client(name: string): IlsClient {
    return setupOf(this).engine.appClient(name);
  }

  /** Core's `PatronAuth` of a provider (the guards' own): `login`, `getSession`, `fetch`, `logout`, … */
  patronAuth(name: string): PatronAuth {
    return setupOf(this).engine.provider(name).auth;
  }

  /** The request's signed-in patron (of `provider` when named), read once per request; else undefined. */
  async patron(req: IlsAuthRequest, provider?: string): Promise<Patron | undefined> {
    await loadPatrons(setupOf(this), req);
    return provider === undefined ? req.patron : req.patrons?.[provider];
  }

  /**
   * An API call as the signed-in patron (of `init.provider` when named): core's `patronFetch`. When the
   * provider refuses the patron's tokens, the filter's 401 names that provider's sign-in (`loginUrl`).
   */
  async patronFetch(req: IlsAuthRequest, input: string | URL, init: PatronFetchInit = {}): Promise<Response> {
    const setup = setupOf(this);
    await loadPatrons(setup, req);
    return patronFetch(engineRequestOf(setup, req), input, init);
  }

  /** Makes `session` (from your own `login()`) the request's patron of `name`, as the guards do. */
  async signIn(
    req: IlsAuthRequest,
    res: IlsAuthPlatformResponse,
    name: string,
    session: PatronSession,
  ): Promise<Patron> {
    const setup = setupOf(this);
    return finishSignIn(setup, req, res, {
      provider: setup.engine.provider(name),
      session,
      returnTo: setup.engine.returnTo(undefined),
      cookies: [],
    });
  }

  /**
   * Signs the browser out (core's `signOut`): every session or `options.provider`'s, `everywhere` for every
   * browser's; a sign-out posted by another site is refused (`cross_site_request`, 403).
   */
  async logout(
    req: IlsAuthRequest,
    res: IlsAuthPlatformResponse,
    options: LogoutOptions = {},
  ): Promise<void> {
    const state = engineRequestOf(setupOf(this), req);
    const signedOut = await signOut(state, options);
    setHeaders(res, signedOut.headers);
    appendCookies(res, signedOut.cookies);
    syncPatrons(req, state);
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthService', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsAuthService { providers: ${inspect(this.providers)} }`;
  }
}
