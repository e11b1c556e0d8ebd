import type { TLSSocket } from 'node:tls';
import type { WebRequest } from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';

/**
 * Nest's request (Express or Fastify) as core's `WebRequest`. Both platforms resolve the client IP and the
 * protocol under the app's proxy trust (`trust proxy`, Fastify's `trustProxy`): those answers are used, and
 * only without them the socket's own address and TLS state.
 */
export function toWebRequest(req: IlsAuthRequest): WebRequest {
  return {
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
    headers: req.headers,
    ip: req.ip ?? req.socket?.remoteAddress,
    secure: isSecure(req),
  };
}

function isSecure(req: IlsAuthRequest): boolean {
  if (typeof req.secure === 'boolean') return req.secure; // Express
  if (typeof req.protocol === 'string') return req.protocol === 'https'; // Fastify
  return Boolean((req.socket as TLSSocket | undefined)?.encrypted);
}
