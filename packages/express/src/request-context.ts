import type { IlsClient } from '@ils-auth/core';
import { type EngineRequest, type PatronFetchInit, patronFetch, signInLocation } from '@ils-auth/core/web';
import type { Response as ExpressResponse, Request } from 'express';
import { appendCookies, forExpress } from './express-response.js';
import type { IlsRequest } from './ils-request.js';
import type { RouterContext } from './options.js';
import { type RequestState, startRequestState } from './request-state.js';
import { ExpressWebRequest } from './web-request.js';

/**
 * `req.ils` (see `IlsRequest`): the engine's request, converted. Cheap to make (no I/O); the engine reads
 * the browser's sessions when the router asks it to. Its request and context are private fields, so
 * `JSON.stringify` and `util.inspect` show only the engine's redacted view.
 */
export class IlsRequestContext implements IlsRequest {
  readonly #context: RouterContext;
  readonly #res: ExpressResponse;
  readonly #record: RequestState;
  readonly state: EngineRequest<Request>;
  readonly mountPath: string;

  constructor(context: RouterContext, req: Request, res: ExpressResponse) {
    this.#context = context;
    this.#res = res;
    this.mountPath = req.baseUrl;
    this.state = context.engine.request(new ExpressWebRequest(req), req);
    this.#record = startRequestState(req, this);
  }

  /** Where the sign-in routes are, as this request's URLs show them: `<mount><basePath>`. */
  get routesPath(): string {
    return `${this.mountPath}${this.#context.basePath}`;
  }

  get providers(): string[] {
    return [...this.#context.engine.setup.order];
  }

  get endedProviders(): readonly string[] {
    return [...this.state.ended];
  }

  /** Makes `req.patron` and `req.patrons` the engine's, and writes the cookies it has for the browser. */
  sync(): void {
    this.#record.patrons = this.state.patrons;
    this.#record.patron = this.state.patron;
    appendCookies(this.#res, this.state.takeCookies());
  }

  client(name: string): IlsClient {
    return this.#context.engine.appClient(name, this.state.request);
  }

  patronFetch(input: string | URL, init?: PatronFetchInit): Promise<Response> {
    return patronFetch(this.state, input, init).catch((error: unknown) => {
      throw forExpress(error);
    });
  }

  loginUrl(providerName?: string, returnTo?: string): string {
    const provider = this.#context.engine.signInProvider(providerName ?? this.state.ended.at(-1));
    return signInLocation(provider, this.routesPath, returnTo);
  }

  get logoutUrl(): string {
    return `${this.routesPath}/logout`;
  }

  async logout(providerName?: string): Promise<void> {
    appendCookies(this.#res, await this.state.endSessions(providerName));
    this.sync();
  }
}
