import { inspect } from 'node:util';
import type { IlsClient } from '@ils-auth/core';
import { isIlsAuthError } from '@ils-auth/core';
import { type EngineRequest, patronFetch, signInLocation } from '@ils-auth/core/web';
import type { Response as ExpressResponse, Request } from 'express';
import { appendCookies } from './express-response.js';
import { withHttpStatus } from './http-status.js';
import type { IlsRequest, PatronFetchInit } from './ils-request.js';
import { assignPatrons } from './request-state.js';
import type { RouterContext } from './router-context.js';
import { ExpressWebRequest } from './web-request.js';

/**
 * `req.ils` (see `IlsRequest`): the engine's request, converted. Cheap to make (no I/O); the engine reads
 * the browser's sessions when the router asks it to.
 */
export class IlsRequestContext implements IlsRequest {
  readonly #context: RouterContext;
  readonly #req: Request;
  readonly #res: ExpressResponse;
  readonly state: EngineRequest<Request>;
  readonly mountPath: string;

  constructor(context: RouterContext, req: Request, res: ExpressResponse) {
    this.#context = context;
    this.#req = req;
    this.#res = res;
    this.mountPath = req.baseUrl;
    this.state = context.engine.request(new ExpressWebRequest(req), req);
  }

  /** The engine's view of this request (see `ExpressWebRequest`). */
  get webRequest(): ExpressWebRequest {
    return this.state.request as ExpressWebRequest;
  }

  get providers(): string[] {
    return [...this.#context.engine.setup.order];
  }

  get endedProviders(): readonly string[] {
    return [...this.state.ended];
  }

  /** Makes `req.patron` and `req.patrons` the engine's, and writes the cookies it has for the browser. */
  sync(): void {
    assignPatrons(this.#req, this.state.patrons, this.state.patron);
    appendCookies(this.#res, this.state.takeCookies());
  }

  client(name: string): IlsClient {
    return this.#context.engine.appClient(name, this.state.request);
  }

  async patronFetch(input: string | URL, init?: PatronFetchInit): Promise<Response> {
    try {
      return await patronFetch(this.state, input, init);
    } catch (error) {
      throw isIlsAuthError(error) ? withHttpStatus(error) : error;
    }
  }

  loginUrl(providerName?: string, returnTo?: string): string {
    const provider = this.#context.engine.signInProvider(providerName ?? this.state.ended.at(-1));
    return signInLocation(provider, `${this.mountPath}${this.#context.basePath}`, returnTo);
  }

  get logoutUrl(): string {
    return `${this.mountPath}${this.#context.basePath}/logout`;
  }

  async logout(providerName?: string): Promise<void> {
    appendCookies(this.#res, await this.state.endSessions(providerName));
    this.sync();
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsRequestContext', providers: this.providers };
  }

  [inspect.custom](): string {
    return `IlsRequestContext { providers: ${inspect(this.providers)} }`;
  }
}
