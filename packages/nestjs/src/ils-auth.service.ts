import { inspect } from 'node:util';
import {
  IlsAuthError,
  type IlsClient,
  type IlsRequestInit,
  type PatronAuth,
  type PatronSession,
} from '@ils-auth/core';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { IlsAuthRequest, IlsAuthResponse } from './http-types.js';
import { ILS_AUTH_OPTIONS } from './ils-auth.module-definition.js';
import { IlsAuthRuntime } from './ils-auth-runtime.js';
import { type IlsAuthModuleOptions, resolveOptions } from './options.js';
import { type Patron, patronFromSession, sessionIdOf } from './patron.js';
import { clientIpOf } from './request-info.js';

/** The runtime behind each service, for this package's guards; not part of the public API. */
const runtimes = new WeakMap<IlsAuthService, IlsAuthRuntime>();

export function runtimeOf(service: IlsAuthService): IlsAuthRuntime {
  const runtime = runtimes.get(service);
  if (!runtime) throw new IlsAuthError('config_invalid', 'IlsAuthService was not made by IlsAuthModule');
  return runtime;
}

/**
 * ils-auth inside a Nest app: the shared app-token clients, core's patron API, and the signed-in patron's
 * session. Options are checked here, once, when the module starts (`config_invalid` naming the option).
 */
@Injectable()
export class IlsAuthService implements OnApplicationShutdown {
  constructor(@Inject(ILS_AUTH_OPTIONS) options: IlsAuthModuleOptions) {
    runtimes.set(this, new IlsAuthRuntime(resolveOptions(options)));
  }

  /** The names given in `providers`. */
  get providers(): string[] {
    return [...runtimeOf(this).providers.keys()];
  }

  /**
   * The provider's one shared app-token client: its token is cached in the store and renewed ahead of
   * expiry, so this costs nothing per call. Pass the patron's IP per call where the provider wants it
   * (Sierra): `client('sierra').fetch('bibs/1', { forwardedFor: req.ip })`. RERO has no app token
   * (`config_invalid`).
   */
  client(name: string): IlsClient {
    const provider = runtimeOf(this).provider(name);
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
    return runtimeOf(this).provider(name).auth;
  }

  /**
   * The signed-in patron of a request: `req.patron` when a guard set it, else from the session cookie.
   * Undefined when nobody is signed in or the session is over.
   */
  async patron(req: IlsAuthRequest): Promise<Patron | undefined> {
    if (req.patron && sessionIdOf(req.patron)) return req.patron;
    const runtime = runtimeOf(this);
    const cookie = runtime.cookies.read(req);
    const provider = cookie && runtime.providers.get(cookie.provider);
    if (!cookie || !provider) return undefined;
    const session = await provider.auth.getSession(cookie.sessionId);
    if (!session) return undefined;
    req.patron = patronFromSession(cookie.provider, session);
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
    const provider = runtimeOf(this).provider(patron.provider);
    const forwardedFor = provider.descriptor.forwardsClientIp ? clientIpOf(req) : undefined;
    return provider.auth.fetch(sessionId, input, {
      ...init,
      forwardedFor: init.forwardedFor ?? forwardedFor,
    });
  }

  /**
   * Makes `session` the request's patron: the session the browser held before is ended (an id planted
   * before sign-in is worth nothing after), and the cookie gets the new id.
   */
  async signIn(
    req: IlsAuthRequest,
    res: IlsAuthResponse,
    name: string,
    session: PatronSession,
  ): Promise<Patron> {
    const runtime = runtimeOf(this);
    runtime.provider(name);
    const previous = runtime.cookies.read(req);
    if (previous && previous.sessionId !== session.id) {
      await runtime.providers.get(previous.provider)?.auth.logout(previous.sessionId);
    }
    runtime.cookies.write(req, res, name, session.id);
    req.patron = patronFromSession(name, session);
    return req.patron;
  }

  /** Ends the request's session: deletes its tokens from the store and clears the cookie. */
  async logout(req: IlsAuthRequest, res: IlsAuthResponse): Promise<void> {
    const runtime = runtimeOf(this);
    const cookie = runtime.cookies.read(req);
    const fromPatron = sessionIdOf(req.patron);
    if (req.patron && fromPatron) await runtime.providers.get(req.patron.provider)?.auth.logout(fromPatron);
    if (cookie) await runtime.providers.get(cookie.provider)?.auth.logout(cookie.sessionId);
    if (cookie || req.patron) runtime.cookies.clear(req, res);
    req.patron = undefined;
  }

  onApplicationShutdown(): void {
    runtimeOf(this).close();
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthService', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsAuthService { providers: ${inspect(this.providers)} }`;
  }
}
