import { inspect } from 'node:util';
import { IlsAuthError, type IlsClient, type IlsRequestInit, isIlsAuthError } from '@ils-auth/core';
import { withQuery } from '@ils-auth/core/web';
import type { Response as ExpressResponse, Request } from 'express';
import { appendCookies } from './express-response.js';
import { withHttpStatus } from './http-status.js';
import { type RouterContext, routePath } from './router-context.js';
import { toWebRequest } from './web-request.js';

/**
 * `req.ils`: what a route handler needs from ils-auth during one request. Cheap to make (no I/O): it
 * holds the request and the shared router context, nothing else.
 */
export class IlsRequestContext {
  readonly #context: RouterContext;
  readonly #req: Request;
  readonly #res: ExpressResponse;
  /** Where the ilsAuth router is mounted (`req.baseUrl` when it ran); '' at the root. */
  readonly mountPath: string;

  constructor(context: RouterContext, req: Request, res: ExpressResponse) {
    this.#context = context;
    this.#req = req;
    this.#res = res;
    this.mountPath = req.baseUrl;
  }

  /** The names given in `ilsAuth({ providers })`. */
  get providers(): string[] {
    return [...this.#context.web.providers.keys()];
  }

  /**
   * The app-token client of a provider. It is the one shared client (its token is cached, so this costs
   * no token request); for providers that want the end user's IP (Sierra) it is wrapped in a thin view
   * that adds `X-Forwarded-For: <req.ip>` to every call.
   */
  client(name: string): IlsClient {
    return this.#context.web.appClient(name, toWebRequest(this.#req));
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
    const provider = this.#context.web.provider(patron.provider);
    try {
      return await provider.auth.fetch(sessionId, input, {
        ...init,
        forwardedFor: init.forwardedFor ?? this.#context.web.forwardedFor(toWebRequest(this.#req), provider),
      });
    } catch (error) {
      throw isIlsAuthError(error) ? withHttpStatus(error) : error;
    }
  }

  /** The sign-in URL of a provider (default: the first that offers sign-in), coming back to `returnTo`. */
  loginUrl(providerName?: string, returnTo?: string): string {
    const provider = this.#context.web.signInProvider(providerName);
    const path =
      provider.signIn === 'pin' && provider.loginPage
        ? provider.loginPage
        : routePath(this.#context, this.mountPath, provider.name, 'login');
    return returnTo === undefined ? path : withQuery(path, 'returnTo', returnTo);
  }

  /** Where the app's sign-out form posts. */
  get logoutUrl(): string {
    return `${this.mountPath}${this.#context.basePath}/logout`;
  }

  /** Ends the current session: deletes it from the store and clears the cookie. */
  async logout(): Promise<void> {
    const { web } = this.#context;
    const request = toWebRequest(this.#req);
    const cleared = await web.endSession(request);
    appendCookies(
      this.#res,
      cleared.length || !this.#req.patron ? cleared : [web.clearSessionCookie(request)],
    );
    this.#req.patron = undefined;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsRequestContext', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsRequestContext { providers: ${inspect(this.providers)} }`;
  }
}
