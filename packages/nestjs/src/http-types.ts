import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Patron } from './patron.js';

/** What a successful `IlsLoginGuard` leaves in `req.authInfo` (the session itself is in the cookie). */
export interface IlsLoginInfo {
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`. */
  provider: string;
  /** Where the patron goes next: the validated `returnTo` of the sign-in, else `defaultReturnTo`. */
  returnTo: string;
}

/** Nest's request (Express's or Fastify's): only what this package reads and writes, no platform types. */
export interface IlsAuthRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  /** Set by `PatronGuard` and `IlsLoginGuard` (also as `req.user`): the first of `patrons`. */
  patron?: Patron | undefined;
  /** Every provider the browser is signed in to, by name. */
  patrons?: Readonly<Record<string, Patron>> | undefined;
  user?: unknown;
  authInfo?: IlsLoginInfo | undefined;
  body?: unknown;
  /** The path and query as received, before any router stripped a mount path (Express and Fastify). */
  originalUrl?: string;
  /** The client's IP under the platform's `trust proxy` / `trustProxy` setting. */
  ip?: string | undefined;
  /** `http` or `https`, under the platform's proxy trust (Express and Fastify). */
  protocol?: string;
  socket?: Socket | undefined;
}

/** Express's response: Node's `ServerResponse` (what `@Res()` gives on `@nestjs/platform-express`). */
export type IlsAuthResponse = ServerResponse;

/** Fastify's reply, as `@Res()` gives it on `@nestjs/platform-fastify`: the parts this package writes through. */
export interface IlsAuthReply {
  readonly raw: ServerResponse;
  readonly sent: boolean;
  code(statusCode: number): unknown;
  header(name: string, value: unknown): unknown;
  send(payload?: unknown): unknown;
}

/** The response of either platform. */
export type IlsAuthPlatformResponse = IlsAuthResponse | IlsAuthReply;
