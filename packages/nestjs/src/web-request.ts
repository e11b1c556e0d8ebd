import type { TLSSocket } from 'node:tls';
import type { WebRequest } from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';

/** Nest's request as core's `WebRequest`: IP and protocol as the platform resolved them under its proxy trust. */
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
