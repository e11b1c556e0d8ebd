import { isIP } from 'node:net';
import type { IlsAuthRequest } from './http-types.js';

/** The patron's IP for providers that want it (Sierra's `X-Forwarded-For`): Express's `req.ip`, which honours `trust proxy`. */
export function clientIpOf(req: IlsAuthRequest): string | undefined {
  const ip = typeof req.ip === 'string' ? req.ip : req.socket?.remoteAddress;
  return ip && isIP(ip) ? ip : undefined;
}
