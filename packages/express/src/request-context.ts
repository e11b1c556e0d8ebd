import { inspect } from 'node:util';
import { IlsAuthError, type IlsClient, isIlsAuthError } from '@ils-auth/core';
import { mustSignInAgain, withQuery } from '@ils-auth/core/web';
import type { Response as ExpressResponse, Request } from 'express';
import { appendCookies } from './express-response.js';
import { withHttpStatus } from './http-status.js';
import type { IlsRequest, PatronFetchInit } from './ils-request.js';
import { removePatrons } from './request-patrons.js';
import { type RouterContext, routePath } from './router-context.js';
import { ExpressWebRequest, toWebRequest } from './web-request.js';

/**
 * `req.ils` (see `IlsRequest`). Cheap to make (no I/O): it holds the request and the shared router
 * context, and remembers which providers' sessions ended during this request.
 */
export class IlsRequestContext implements IlsRequest {
  readonly #context: RouterContext;
  readonly #req: Request;
  readonly #res: ExpressResponse;
  // Made when a session ends: most requests see none.
  #ended: string[] | undefined;
  readonly mountPath: string;
  #webRequest: ExpressWebRequest | undefined;

  constructor(context: RouterContext, req: Request, res: ExpressResponse) {
    this.#context = context;
    this.#req = req;
    this.#res = res;
    this.mountPath = req.baseUrl;
  }

  /** The web layer's view of this request (see `toWebRequest`), made when first asked for. */
  get webRequest(): ExpressWebRequest {
    this.#webRequest ??= new ExpressWebRequest(this.#req);
    return this.#webRequest;
  }

  get providers(): string[] {
    return [...this.#context.web.providers.keys()];
  }

  get endedProviders(): readonly string[] {
    return this.#ended ? [...this.#ended] : [];
  }

  /** Records that a provider's session ended (the router found it over, or its tokens were refused). */
  sessionEnded(name: string): void {
    this.#ended ??= [];
    if (!this.#ended.includes(name)) this.#ended.push(name);
  }

  client(name: string): IlsClient {
    return this.#context.web.appClient(name, toWebRequest(this.#req));
  }

  async patronFetch(input: string | URL, init: PatronFetchInit = {}): Promise<Response> {
    const { provider: name, ...rest } = init;
    const patron = name === undefined ? this.#req.patron : this.#req.patrons?.[name];
    const sessionId = patron?.sessionId;
    if (!patron || !sessionId)
      throw new IlsAuthError(
        'session_expired',
        name === undefined ? 'no patron is signed in' : `no patron is signed in to "${name.slice(0, 40)}"`,
        { status: 401, reauthRequired: true },
      );
    const provider = this.#context.web.provider(patron.provider);
    try {
      return await provider.auth.fetch(sessionId, input, {
        ...rest,
        forwardedFor: rest.forwardedFor ?? this.#context.web.forwardedFor(toWebRequest(this.#req), provider),
      });
    } catch (error) {
      if (isIlsAuthError(error) && mustSignInAgain(error)) this.sessionEnded(patron.provider);
      throw isIlsAuthError(error) ? withHttpStatus(error) : error;
    }
  }

  loginUrl(providerName?: string, returnTo?: string): string {
    const provider = this.#context.web.signInProvider(providerName ?? this.#ended?.at(-1));
    const path =
      provider.signIn === 'pin' && provider.loginPage
        ? provider.loginPage
        : routePath(this.#context, this.mountPath, provider.name, 'login');
    return returnTo === undefined ? path : withQuery(path, 'returnTo', returnTo);
  }

  get logoutUrl(): string {
    return `${this.mountPath}${this.#context.basePath}/logout`;
  }

  async logout(providerName?: string): Promise<void> {
    const { web } = this.#context;
    const request = toWebRequest(this.#req);
    const cookies = await web.endSession(request, providerName);
    // A patron who signed in during this request is not in the request's cookie yet: clear the new one.
    const signedInNow = cookies.length === 0 && providerName === undefined && this.#req.patron;
    appendCookies(this.#res, signedInNow ? [web.clearSessionCookie(request)] : cookies);
    removePatrons(this.#req, this.providers, providerName);
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsRequestContext', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsRequestContext { providers: ${inspect(this.providers)} }`;
  }
}
