import { wantsJson as callerWantsJson } from '@ils-auth/core/web';
import type { Request } from 'express';
import { toWebRequest } from './web-request.js';

/** The caller wants JSON back (core's rule: it sent JSON, or ranks JSON above HTML in `Accept`). */
export function wantsJson(req: Request): boolean {
  return callerWantsJson(toWebRequest(req));
}

/** A browser navigating to a page: a GET or HEAD that does not prefer JSON. */
export function isPageRequest(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !wantsJson(req);
}
