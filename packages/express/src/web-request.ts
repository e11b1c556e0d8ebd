import type { TLSSocket } from 'node:tls';
import type { WebRequest } from '@ils-auth/core/web';
import type { Request } from 'express';

const UNREAD = Symbol('unread');
type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * The engine's view of an Express request, read only when the engine asks. The client's IP and `secure`
 * follow the app's `trust proxy` (Express's compiled `trust proxy fn`), so a client cannot claim another
 * IP or https by writing `X-Forwarded-*`. Express's `req.ip` and `req.secure` ask that function about the
 * peer first and answer with the socket's own facts when it is no trusted proxy; we ask it the same
 * question once and read the forwarded headers (through Express) only when it is.
 */
export class ExpressWebRequest implements WebRequest {
  readonly #req: Request;
  readonly method: string;
  readonly url: string;
  readonly headers: WebRequest['headers'];
  #viaProxy: boolean | undefined;
  #ip: string | undefined | typeof UNREAD = UNREAD;
  #secure: boolean | undefined;

  constructor(req: Request) {
    this.#req = req;
    this.method = req.method;
    this.url = req.originalUrl;
    this.headers = req.headers;
  }

  get ip(): string | undefined {
    if (this.#ip === UNREAD)
      this.#ip = this.#viaTrustedProxy() ? this.#req.ip : this.#req.socket.remoteAddress;
    return this.#ip;
  }

  get secure(): boolean {
    this.#secure ??= this.#viaTrustedProxy()
      ? this.#req.secure
      : (this.#req.socket as Partial<TLSSocket>).encrypted === true;
    return this.#secure;
  }

  #viaTrustedProxy(): boolean {
    if (this.#viaProxy === undefined) {
      const trust = this.#req.app?.get('trust proxy fn') as TrustProxy | undefined;
      // Without the compiled function (a request Express did not dispatch), Express's getters decide.
      this.#viaProxy = typeof trust !== 'function' || trust(this.#req.socket.remoteAddress, 0);
    }
    return this.#viaProxy;
  }
}
