import { inspect } from 'node:util';
import {
  IlsAuthError,
  type IlsClient,
  type IlsRequestInit,
  type PatronAuth,
  type PatronSession,
} from '@ils-auth/core';
import { type Patron, patronFetch, signOut } from '@ils-auth/core/web';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { ILS_AUTH_OPTIONS } from './ils-auth.module-definition.js';
import { closeStores, createSetup, type IlsAuthModuleOptions, type IlsAuthSetup } from './options.js';
import { engineRequestOf, loadPatrons, syncPatrons } from './request-patrons.js';
import { finishSignIn } from './sign-in.js';
import { appendCookies, setHeaders } from './web-response.js';

/** `logout(req, res, options)`: one provider's session or all of the browser's, and optionally everywhere. */
export interface LogoutOptions {
  /** Only this provider's session (by its name in `providers`); default every session of the browser. */
  provider?: string;
  /** Also end the patron's sessions in every other browser ("log out everywhere"). */
  everywhere?: boolean;
}

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

  /**
   * `app.close()` closes the stores given in the options (`store`, `throttle.store`) that can be closed,
   * such as a `RedisStore`: its connection would otherwise keep the process alive.
   */
  async onApplicationShutdown(): Promise<void> {
    await closeStores(setupOf(this));
  }

  /** The names given in `providers`. */
  get providers(): string[] {
    return [...setupOf(this).engine.setup.order];
  }

  /**
   * The provider's one shared app-token client: its token is cached in the store and renewed ahead of
   * expiry, so this costs nothing per call. Pass the patron's IP per call where the provider wants it
   * (Sierra): `client('sierra').fetch('bibs/1', { forwardedFor: req.ip })`. RERO has no app token
   * (`config_invalid`).
   */
  client(name: string): IlsClient {
    return setupOf(this).engine.appClient(name);
  }

  /** Core's `PatronAuth` of a provider (the guards' own): `login`, `getSession`, `fetch`, `logout`, … */
  patronAuth(name: string): PatronAuth {
    return setupOf(this).engine.provider(name).auth;
  }

  /**
   * The signed-in patron of a request (`req.patron`): of `provider` when named (`req.patrons[provider]`),
   * else the first provider in `providers` order the browser is signed in to. Read from the session cookie
   * once per request; undefined when nobody is signed in or the session is over.
   */
  async patron(req: IlsAuthRequest, provider?: string): Promise<Patron | undefined> {
    await loadPatrons(setupOf(this), req);
    return provider === undefined ? req.patron : req.patrons?.[provider];
  }

  /**
   * An API call as the signed-in patron (of `init.provider` when named): with their token (renewed where
   * the provider allows), or the app token for Sierra PIN sessions. Relative paths resolve against the
   * provider's (patron) API base; Sierra receives the patron's IP as `X-Forwarded-For`. Throws
   * `session_expired` when nobody is signed in; when the provider refuses the patron's tokens, the
   * filter's 401 sends them to that provider's sign-in (`loginUrl`).
   */
  async patronFetch(
    req: IlsAuthRequest,
    input: string | URL,
    init: IlsRequestInit & { provider?: string } = {},
  ): Promise<Response> {
    const setup = setupOf(this);
    await loadPatrons(setup, req);
    return patronFetch(engineRequestOf(setup, req), input, init);
  }

  /**
   * Makes `session` (from your own `login()` call) the request's patron of provider `name`, as the guards
   * do: `callbacks.signIn` decides, the session the browser held with that provider is ended, the cookie
   * gets the new id beside the browser's other sessions, and `events.signIn` is told.
   */
  async signIn(
    req: IlsAuthRequest,
    res: IlsAuthPlatformResponse,
    name: string,
    session: PatronSession,
  ): Promise<Patron> {
    const { engine } = setupOf(this);
    const signedIn = {
      provider: engine.provider(name),
      session,
      returnTo: engine.returnTo(undefined),
      cookies: [],
    };
    return finishSignIn(setupOf(this), req, res, signedIn);
  }

  /**
   * Signs the browser out: every provider's session, or only `options.provider`'s; with `everywhere`, the
   * patron's sessions in every other browser end too. Their tokens are deleted from the store, the cookie
   * keeps the other sessions, and `events.signOut` is told per patron. A sign-out posted by another site
   * is refused (`cross_site_request`, 403).
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
