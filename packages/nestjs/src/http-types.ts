import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Patron } from './patron.js';

/**
 * The parts of Nest's (Express) request this package reads and writes. Declared here so that the package's
 * types need no `@types/express`.
 */
export interface IlsAuthRequest extends IncomingMessage {
  /** Set by `PatronGuard` and by a successful `IlsLoginGuard`. */
  patron?: Patron;
  body?: unknown;
  query?: unknown;
  /** Express's `req.ip` (honours `trust proxy`). */
  ip?: string;
  /** Express's `req.secure`. */
  secure?: boolean;
  authInfo?: unknown;
}

export type IlsAuthResponse = ServerResponse;
