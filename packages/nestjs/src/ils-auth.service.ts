import { inspect } from 'node:util';
import {
  IlsAuthError,
  type IlsClient,
  type IlsRequestInit,
  isIlsAuthError,
  type PatronAuth,
  type PatronSession,
} from '@ils-auth/core';
import { emitEvent, mustSignInAgain } from '@ils-auth/core/web';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { eventErrors, finishSignIn } from './finish-sign-in.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { ILS_AUTH_OPTIONS } from './ils-auth.module-definition.js';
import { closeStores, createSetup, type IlsAuthModuleOptions, type IlsAuthSetup } from './options.js';
import type { Patron } from './patron.js';
import { sessionIdOf } from './patron-session.js';
import { loadPatrons, removePatrons, sessionEnded } from './request-patrons.js';
import { toWebRequest } from './web-request.js';
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
    return [...setupOf(this).web.providers.keys()];
  }

  /**
   * The provider's one shared app-token client: its token is cached in the store and renewed ahead of
   * expiry, so this costs nothing per call. Pass the patron's IP per call where the provider wants it
   * (Sierra): `client('sierra').fetch('bibs/1', { forwardedFor: req.ip })`. RERO has no app token
   * (`config_invalid`).
   */
  client(name: string): IlsClient {
    const provider = setupOf(this).web.provider(name);
    if (!provider.client) {
      throw new IlsAuthError(
        'config_invalid',
        `IlsAuthModule: ${provider.descriptor.displayName} ("${name}") has no app token (no client credentials grant, app sign-in or key)`,
        { provider: provider.descriptor.id, retryable: false },
      );
    }
    return provider.client;
  }

  /** Core's `PatronAuth` of a provider (the guards' own): `login`, `getSession`, `fetch`, `logout`, … */
  patronAuth(name: string): PatronAuth {
    return setupOf(this).web.provider(name).auth;
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
    const { provider: name, ...rest } = init;
    const patron = await this.patron(req, name);
    const sessionId = sessionIdOf(patron);
    if (!patron || !sessionId) {
      const whom = name === undefined ? '' : ` to "${name.slice(0, 40)}"`;
      throw new IlsAuthError('session_expired', `no patron is signed in${whom}`, { reauthRequired: true });
    }
    const setup = setupOf(this);
    const provider = setup.web.provider(patron.provider);
    try {
      return await provider.auth.fetch(sessionId, input, {
        ...rest,
        forwardedFor: rest.forwardedFor ?? setup.web.forwardedFor(toWebRequest(req), provider),
      });
    } catch (error) {
      if (isIlsAuthError(error) && mustSignInAgain(error)) sessionEnded(setup, req, patron.provider);
      throw error;
    }
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
    const setup = setupOf(this);
    const { web } = setup;
    return finishSignIn(setup, req, res, {
      provider: web.provider(name),
      session,
      returnTo: web.returnTo(undefined),
      cookies: [],
    });
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
    const setup = setupOf(this);
    const { web } = setup;
    const { provider, everywhere = false } = options;
    await loadPatrons(setup, req);
    const ending = Object.values(req.patrons ?? {}).filter(
      (patron) => provider === undefined || patron.provider === provider,
    );
    const signedOut = await web.signOut(toWebRequest(req), {
      ...(provider === undefined ? {} : { provider }),
      everywhere,
    });
    // A session started by a guard earlier in this same request is not in the request's cookie yet.
    for (const patron of ending) {
      const sessionId = sessionIdOf(patron);
      if (sessionId) await web.provider(patron.provider).auth.logout(sessionId);
    }
    setHeaders(res, signedOut.headers);
    appendCookies(res, signedOut.cookies);
    removePatrons(setup, req, provider);
    for (const patron of ending)
      await emitEvent(
        setup.events.signOut,
        { patron, provider: patron.provider, everywhere, req },
        eventErrors(setup),
      );
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthService', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsAuthService { providers: ${inspect(this.providers)} }`;
  }
}
