import { emitEvent } from '@ils-auth/core/web';
import type { RequestHandler } from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { reportEventError } from './finish-sign-in.js';
import { formOf } from './form-body.js';
import { wantsJson } from './negotiation.js';
import { removePatrons } from './request-patrons.js';
import type { RouterContext } from './router-context.js';
import { toWebRequest } from './web-request.js';

const YES = new Set([true, 'true', '1', 'on', 'yes']);

/**
 * POST `<base>/logout` (every provider's session in this browser) and `<base>/<name>/logout` (that
 * provider's only). With `everywhere=true` in the form or JSON, the patron's sessions in every other
 * browser end too. Core refuses cross-site posts, deletes the sessions from the store and rewrites the
 * cookie. No GET: a link or an image on another site must not sign patrons out.
 */
export function logout(context: RouterContext, providerName?: string): RequestHandler {
  return async (req, res) => {
    const form = formOf(req);
    const everywhere = YES.has((form.everywhere ?? req.query.everywhere) as string);
    const ending = Object.values(req.patrons ?? {}).filter(
      (patron) => providerName === undefined || patron.provider === providerName,
    );
    const redirect = await context.web.signOut(toWebRequest(req), {
      returnTo: form.returnTo ?? req.query.returnTo,
      afterLogout: context.afterLogout,
      ...(providerName === undefined ? {} : { provider: providerName }),
      everywhere,
    });
    removePatrons(req, [...context.web.providers.keys()], providerName);
    for (const patron of ending)
      await emitEvent(
        context.events.signOut,
        { patron, provider: patron.provider, everywhere, req },
        reportEventError(context),
      );
    if (!wantsJson(req)) return sendRedirect(res, redirect);
    appendCookies(res, redirect.cookies);
    res.set(redirect.headers).status(204).end();
  };
}
