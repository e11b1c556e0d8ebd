import type { RequestHandler } from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { formOf } from './form-body.js';
import { wantsJson } from './negotiation.js';
import type { RouterContext } from './router-context.js';
import { toWebRequest } from './web-request.js';

/**
 * POST `<base>/logout` (and `<base>/<name>/logout`): core refuses cross-site posts, deletes the session
 * from the store and clears the cookie. No GET: a link or an image on another site must not sign patrons out.
 */
export function logout(context: RouterContext): RequestHandler {
  return async (req, res) => {
    const redirect = await context.web.signOut(toWebRequest(req), {
      returnTo: formOf(req).returnTo ?? req.query.returnTo,
      afterLogout: context.afterLogout,
    });
    req.patron = undefined;
    if (!wantsJson(req)) return sendRedirect(res, redirect);
    appendCookies(res, redirect.cookies);
    res.set(redirect.headers).status(204).end();
  };
}
