import type { WebRequest } from '@ils-auth/core/web';
import type { Request } from 'express';
import { ilsOf } from './request-state.js';

/**
 * The engine's view of an Express request. `req.ip` and `req.secure` follow the app's `trust proxy`, so
 * a client cannot claim another IP or https by writing `X-Forwarded-*`; both walk those rules on every
 * read, so they are read once, and only when the engine asks.
 */
export class ExpressWebRequest implements WebRequest {
  readonly #req: Request;
  #ip: string | undefined;
  #ipRead = false;
  #secure: boolean | undefined;

  constructor(req: Request) {
    this.#req = req;
  }

  get method(): string {
    return this.#req.method;
  }

  get url(): string {
    return this.#req.originalUrl;
  }

  get headers(): WebRequest['headers'] {
    return this.#req.headers;
  }

  get ip(): string | undefined {
    if (!this.#ipRead) {
      this.#ip = this.#req.ip;
      this.#ipRead = true;
    }
    return this.#ip;
  }

  get secure(): boolean {
    this.#secure ??= this.#req.secure;
    return this.#secure;
  }
}

/** The view of `req`: the one `req.ils` holds when the ilsAuth router ran, else one kept beside it. */
export function toWebRequest(req: Request): WebRequest {
  const ils = ilsOf(req) as { webRequest?: WebRequest } | undefined;
  if (ils?.webRequest) return ils.webRequest;
  let request = views.get(req);
  if (!request) {
    request = new ExpressWebRequest(req);
    views.set(req, request);
  }
  return request;
}

const views = new WeakMap<Request, WebRequest>();
