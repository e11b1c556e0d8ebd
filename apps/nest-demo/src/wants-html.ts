import type { Request } from 'express';

/** A browser navigation (or form post) wants a page; `fetch`, curl and API clients get JSON. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}
