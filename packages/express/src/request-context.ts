import { inspect } from 'node:util';
import { IlsAuthError, type IlsClient, type IlsRequestInit, isIlsAuthError } from '@ils-auth/core';
import type { Response as ExpressResponse, Request } from 'express';
import { withHttpStatus } from './http-status.js';
import { clientIpOf, withQuery } from './request-helpers.js';
import type { IlsAuthRuntime } from './runtime.js';

/**
 * `req.ils`: what a route handler needs from ils-auth during one request. Cheap to make (no I/O): it
 * holds the request and the shared runtime, nothing else.
 */
export class IlsRequestContext {
  readonly #runtime: IlsAuthRuntime;
  readonly #req: Request;
  readonly #res: ExpressResponse;
  /** Where the ilsAuth router is mounted (`req.baseUrl` when it ran); '' at the root. */
  readonly mountPath: string;

  constructor(runtime: IlsAuthRuntime, req: Request, res: ExpressResponse) {
    this.#runtime = runtime;
    this.#req = req;
    this.#res = res;
    this.mountPath = req.baseUrl;
  }

  /** The names given in `ilsAuth({ providers })`. */
  get providers(): string[] {
    return [...this.#runtime.providers.keys()];
  }

  /**
   * The app-token client of a provider. It is the one shared client (its token is cached, so this costs
   * no token request); for providers that want the end user's IP (Sierra) it is wrapped in a thin view
   * that adds `X-Forwarded-For: <req.ip>` to every call.
   */
  client(name: string): IlsClient {
    const provider = this.#runtime.provider(name);
    const shared = provider.client;
    if (!shared)
      throw new IlsAuthError(
        'config_invalid',
        `ilsAuth: ${provider.descriptor.displayName} ("${name}") has no app token (no client credentials grant)`,
        { provider: provider.descriptor.id, retryable: false },
      );
    const ip = clientIpOf(this.#req);
    if (!provider.descriptor.forwardsClientIp || !ip) return shared;
    return forwardingView(shared, ip);
  }

  /**
   * An API call as the signed-in patron: with their token (renewed where the provider allows), or with the
   * app token for sessions signed in by PIN check. Relative paths resolve against the provider's API base.
   * Throws `session_expired` (401) when nobody is signed in or the session cannot be renewed.
   */
  async patronFetch(input: string | URL, init: IlsRequestInit = {}): Promise<Response> {
    const patron = this.#req.patron;
    const sessionId = patron?.sessionId;
    if (!patron || !sessionId)
      throw new IlsAuthError('session_expired', 'no patron is signed in', {
        status: 401,
        reauthRequired: true,
      });
    const provider = this.#runtime.provider(patron.provider);
    const forwardedFor = provider.descriptor.forwardsClientIp ? clientIpOf(this.#req) : undefined;
    try {
      return await provider.auth.fetch(sessionId, input, {
        ...init,
        forwardedFor: init.forwardedFor ?? forwardedFor,
      });
    } catch (error) {
      throw isIlsAuthError(error) ? withHttpStatus(error) : error;
    }
  }

  /** The sign-in URL of a provider (default: the first that offers sign-in), coming back to `returnTo`. */
  loginUrl(providerName?: string, returnTo?: string): string {
    const provider = this.#runtime.signInProvider(providerName);
    const path =
      provider.signIn === 'pin' && provider.loginPage
        ? provider.loginPage
        : this.#runtime.routePath(this.mountPath, provider.name, 'login');
    return returnTo === undefined ? path : withQuery(path, 'returnTo', returnTo);
  }

  /** Where the app's sign-out form posts. */
  get logoutUrl(): string {
    return `${this.mountPath}${this.#runtime.options.basePath}/logout`;
  }

  /** Ends the current session: deletes it from the store and clears the cookie. */
  async logout(): Promise<void> {
    const current = this.#runtime.readSessionCookie(this.#req);
    if (current) await this.#runtime.providers.get(current.provider)?.auth.logout(current.sessionId);
    if (current || this.#req.patron) this.#runtime.clearSessionCookie(this.#req, this.#res);
    this.#req.patron = undefined;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsRequestContext', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsRequestContext { providers: ${inspect(this.providers)} }`;
  }
}

function forwardingView(shared: IlsClient, ip: string): IlsClient {
  const view: IlsClient = {
    provider: shared.provider,
    getToken: () => shared.getToken(),
    getTokenSet: () => shared.getTokenSet(),
    fetch: (input, init = {}) => shared.fetch(input, { ...init, forwardedFor: init.forwardedFor ?? ip }),
    invalidate: (accessToken) => shared.invalidate(accessToken),
  };
  Object.defineProperty(view, inspect.custom, { enumerable: false, value: () => inspect(shared) });
  Object.defineProperty(view, 'toJSON', {
    enumerable: false,
    value: () => JSON.parse(JSON.stringify(shared)),
  });
  return view;
}
