import type { RequestHandler } from 'express';
import { assertSameOrigin, wantsJson } from './request-helpers.js';
import { safeReturnTo } from './return-to.js';
import type { IlsAuthRuntime } from './runtime.js';

/**
 * POST `<base>/logout` (and `<base>/<name>/logout`): deletes the session from the store and clears the
 * cookie. No GET: a link or an image on another site must not sign patrons out.
 */
export function logout(runtime: IlsAuthRuntime): RequestHandler {
  return async (req, res) => {
    assertSameOrigin(req, runtime.options.origin);
    await req.ils?.logout();
    res.set('Cache-Control', 'no-store');
    if (wantsJson(req)) {
      res.status(204).end();
      return;
    }
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    res.redirect(303, safeReturnTo(body.returnTo ?? req.query.returnTo, runtime.options.afterLogout));
  };
}
