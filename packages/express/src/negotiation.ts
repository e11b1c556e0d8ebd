import type { Request } from 'express';

/** The caller wants JSON back: it sent JSON, or prefers JSON to HTML (`Accept: application/json`). */
export function wantsJson(req: Request): boolean {
  return Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
}

/** A browser navigating to a page: a GET or HEAD that does not prefer JSON. */
export function isPageRequest(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !wantsJson(req);
}
