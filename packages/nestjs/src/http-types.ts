import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Patron } from './patron.js';

/** What a successful `IlsLoginGuard` leaves in `req.authInfo` (the session itself is in the cookie). */
export interface IlsLoginInfo {
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`. */
  provider: string;
  /** Where the patron goes next: the validated `returnTo` of the sign-in, else `defaultReturnTo`. */
  returnTo: string;
}

/**
 * The parts of Nest's (Express) request this package reads and writes. Declared here so that the package's
 * types need no `@types/express`.
 */
export interface IlsAuthRequest extends IncomingMessage {
  /** Set by `PatronGuard` and by a successful `IlsLoginGuard` (also as `req.user`). */
  patron?: Patron | undefined;
  user?: unknown;
  authInfo?: IlsLoginInfo | undefined;
  body?: unknown;
  /** Express's path and query as received, before any router stripped a mount path. */
  originalUrl?: string;
  /** Express's `req.ip` (honours `trust proxy`). */
  ip?: string | undefined;
  /** Express's `req.secure` (honours `trust proxy`). */
  secure?: boolean;
}

export type IlsAuthResponse = ServerResponse;
