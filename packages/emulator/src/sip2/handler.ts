import type { Sip2Flavour } from './flavours.js';
import type { Sip2Request } from './request.js';
import type { Sip2Credentials, Sip2Patron } from './seed.js';

/** What every handler may read: the server's configuration and clock, and this connection's session. */
export interface HandlerContext {
  flavour: Sip2Flavour;
  credentials: Sip2Credentials;
  patrons: readonly Sip2Patron[];
  libraryName: string;
  now(): number;
  session: { loggedIn: boolean };
}

export interface HandlerAnswer {
  /** The answer's text, without error-detection tail or terminator. */
  text: string;
  /** A login was accepted (counted in the stats, and where `close-after-login` strikes). */
  loginAccepted?: boolean;
}

export type Handler = (request: Sip2Request, context: HandlerContext) => HandlerAnswer;
