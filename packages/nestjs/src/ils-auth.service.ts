import { inspect } from 'node:util';
import {
  IlsAuthError,
  type IlsClient,
  type IlsRequestInit,
  type PatronAuth,
  type PatronSession,
} from '@ils-auth/core';
import { Inject, Injectable } from '@nestjs/common';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { ILS_AUTH_OPTIONS } from './ils-auth.module-definition.js';
import { createSetup, type IlsAuthModuleOptions, type IlsAuthSetup } from './options.js';
import { type Patron, patronFromSession, sessionIdOf } from './patron.js';
import { startSession } from './start-session.js';
import { toWebRequest } from './web-request.js';
import { appendCookies, setHeaders } from './web-response.js';

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
export class IlsAuthService {
  constructor(@Inject(ILS_AUTH_OPTIONS) options: IlsAuthModuleOptions) {
    setups.set(this, createSetup(options));
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
        `IlsAuthModule: ${provider.descriptor.displayName} ("${name}") has no app token (no client credentials grant)`,
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
   * The signed-in patron of a request: `req.patron` when a guard set it, else from the session cookie.
   * Undefined when nobody is signed in or the session is over.
   */
  async patron(req: IlsAuthRequest): Promise<Patron | undefined> {
    if (req.patron && sessionIdOf(req.patron)) return req.patron;
    const current = await setupOf(this).web.currentSession(toWebRequest(req));
    if (!current) return undefined;
    req.patron = patronFromSession(current.provider.name, current.session);
    return req.patron;
  }

  /**
   * An API call as the signed-in patron: with their token (renewed where the provider allows), or the app
   * token for Sierra PIN sessions. Relative paths resolve against the provider's (patron) API base; Sierra
   * receives the patron's IP as `X-Forwarded-For`. Throws `session_expired` when nobody is signed in.
   */
  async patronFetch(req: IlsAuthRequest, input: string | URL, init: IlsRequestInit = {}): Promise<Response> {
    const patron = await this.patron(req);
    const sessionId = sessionIdOf(patron);
    if (!patron || !sessionId) {
      throw new IlsAuthError('session_expired', 'no patron is signed in', { reauthRequired: true });
    }
    const { web } = setupOf(this);
    const provider = web.provider(patron.provider);
    const forwardedFor = provider.descriptor.forwardsClientIp ? web.clientIp(toWebRequest(req)) : undefined;
    return provider.auth.fetch(sessionId, input, {
      ...init,
      forwardedFor: init.forwardedFor ?? forwardedFor,
    });
  }

  /**
   * Makes `session` (from your own `login()` call) the request's patron: the session the browser held
   * before is ended, and the cookie gets the new id.
   */
  async signIn(
    req: IlsAuthRequest,
    res: IlsAuthResponse,
    name: string,
    session: PatronSession,
  ): Promise<Patron> {
    const { web } = setupOf(this);
    return startSession(web, req, res, {
      provider: web.provider(name),
      session,
      returnTo: web.returnTo(undefined),
      cookies: [],
    });
  }

  /**
   * Ends the request's session: deletes its tokens from the store and clears the cookie. A sign-out posted
   * by another site is refused (`cross_site_request`, 403).
   */
  async logout(req: IlsAuthRequest, res: IlsAuthResponse): Promise<void> {
    const { web } = setupOf(this);
    const signedOut = await web.signOut(toWebRequest(req));
    // A session started by a guard earlier in this same request is not in the request's cookie yet.
    const startedHere = sessionIdOf(req.patron);
    if (req.patron && startedHere) await web.providers.get(req.patron.provider)?.auth.logout(startedHere);
    setHeaders(res, signedOut.headers);
    appendCookies(res, signedOut.cookies);
    req.patron = undefined;
    req.user = undefined;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthService', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsAuthService { providers: ${inspect(this.providers)} }`;
  }
}
