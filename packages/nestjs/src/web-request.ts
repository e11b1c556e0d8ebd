import type { TLSSocket } from 'node:tls';
import type { WebRequest } from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';

/**
 * Nest's request as core's `WebRequest`. On the Express platform, `ip` and `secure` are already resolved
 * under the app's `trust proxy` setting; without Express, the socket's own address and TLS state are used.
 */
export function toWebRequest(req: IlsAuthRequest): WebRequest {
  return {
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
    headers: req.headers,
    ip: req.ip ?? req.socket?.remoteAddress,
    secure: req.secure ?? Boolean((req.socket as TLSSocket | undefined)?.encrypted),
  };
}
