import { type WebProvider, withQuery } from '@ils-auth/core/web';
import type { RequestHandler } from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { finishSignIn } from './finish-sign-in.js';
import { formOf } from './form-body.js';
import { wantsJson } from './negotiation.js';
import type { RouterContext } from './router-context.js';
import { toWebRequest } from './web-request.js';

/**
 * POST `<base>/<name>/login` with `barcode`, `pin` and optional `returnTo` (form or JSON): the target of
 * the app's own sign-in form. Core refuses cross-site posts and throttles guesses. Answers JSON
 * `{ patron, redirectTo }` to JSON callers, else 303 to where the patron goes.
 */
export function pinLogin(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const { barcode, pin, returnTo } = formOf(req);
    const signedIn = await context.web.pinSignIn(toWebRequest(req), provider.name, {
      barcode,
      pin,
      returnTo: returnTo ?? req.query.returnTo,
    });
    const redirect = await finishSignIn(context, req, signedIn);
    if (!wantsJson(req)) return sendRedirect(res, redirect);
    appendCookies(res, redirect.cookies);
    res.json({ patron: req.patrons?.[provider.name], redirectTo: redirect.location });
  };
}

/** GET on a PIN provider's login route: the form is the app's, at `loginPage`. */
export function showLoginPage(context: RouterContext, provider: WebProvider): RequestHandler {
  return (req, res) => {
    if (!provider.loginPage) {
      res.set('Allow', 'POST');
      res.status(405).json({
        error: {
          code: 'invalid_request',
          message: `post the ${provider.descriptor.displayName} sign-in form here`,
        },
      });
      return;
    }
    const returnTo = context.web.returnTo(req.query.returnTo);
    res.redirect(302, withQuery(provider.loginPage, 'returnTo', returnTo));
  };
}
