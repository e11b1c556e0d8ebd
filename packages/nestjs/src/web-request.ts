import type { WebRequest } from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';

/** Nest's request as core's `WebRequest`: IP and protocol as the platform resolved them under its proxy trust. */
export function toWebRequest(req: IlsAuthRequest): WebRequest {
  return {
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
    headers: req.headers,
    ip: req.ip ?? req.socket?.remoteAddress,
    // Express's `req.secure` is this same test; Fastify has only `protocol`.
    secure: req.protocol === 'https',
  };
}
