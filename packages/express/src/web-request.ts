import type { WebRequest } from '@ils-auth/core/web';
import type { Request } from 'express';

/**
 * The web layer's view of an Express request. `req.ip` and `req.secure` already follow the app's
 * `trust proxy` setting, so a client cannot claim another IP or https by writing `X-Forwarded-*` itself.
 */
export function toWebRequest(req: Request): WebRequest {
  let request = views.get(req);
  if (!request) {
    request = {
      method: req.method,
      url: req.originalUrl,
      headers: req.headers,
      ip: req.ip,
      secure: req.secure,
    };
    views.set(req, request);
  }
  return request;
}

// One view per request: `req.ip` and `req.secure` walk the trust-proxy rules on every read, and the guard,
// `req.ils.client()` and the routes all ask.
const views = new WeakMap<Request, WebRequest>();
