import { signOut, type WebProvider, withQuery } from '@ils-auth/core/web';
import type { Request, RequestHandler, Response } from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { formOf } from './form-body.js';
import { wantsJson } from './negotiation.js';
import type { IlsRequestContext } from './request-context.js';
import { type RouterContext, routePath } from './router-context.js';

/** `req.ils` as the router set it (every sign-in route runs after the router's session reading). */
function ilsOf(req: Request): IlsRequestContext {
  return req.ils as IlsRequestContext;
}

/** GET `<base>/<name>/login?returnTo=/path`: the engine's redirect to the provider's login page. */
export function startCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const ils = ilsOf(req);
    const redirect = await context.engine.startCodeSignIn(ils.state.request, provider.name, {
      // Where `ilsAuth()` is mounted (`req.baseUrl` here is that plus `basePath`).
      redirectUri: routePath(context, ils.mountPath, provider.name, 'callback'),
      returnTo: req.query.returnTo,
    });
    sendRedirect(res, redirect);
  };
}

/** GET `<base>/<name>/callback` (or the provider's `redirectUri` path): verified, then signed in. */
export function finishCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const ils = ilsOf(req);
    const signedIn = await context.engine.verifyCodeSignIn(ils.state.request, provider.name);
    const { redirect } = await ils.state.signIn(signedIn);
    ils.sync();
    sendRedirect(res, redirect);
  };
}

/**
 * POST `<base>/<name>/login` with `barcode`, `pin` and optional `returnTo` (form or JSON): the target of
 * the app's own sign-in form. Answers JSON `{ patron, redirectTo }` to JSON callers, else 303.
 */
export function pinLogin(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const ils = ilsOf(req);
    const { barcode, pin, returnTo } = formOf(req);
    const signedIn = await context.engine.verifyPinSignIn(ils.state.request, provider.name, {
      barcode,
      pin,
      returnTo: returnTo ?? req.query.returnTo,
    });
    const { patron, redirect } = await ils.state.signIn(signedIn);
    ils.sync();
    answer(req, res, redirect, () => res.json({ patron, redirectTo: redirect.location }));
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
    const returnTo = context.engine.returnTo(req.query.returnTo);
    res.redirect(302, withQuery(provider.loginPage, 'returnTo', returnTo));
  };
}

const YES = new Set([true, 'true', '1', 'on', 'yes']);

/**
 * POST `<base>/logout` (every provider's session in this browser) and `<base>/<name>/logout` (that
 * provider's only), `everywhere=true` for every browser's. No GET: a link or an image on another site
 * must not sign patrons out.
 */
export function logout(context: RouterContext, providerName?: string): RequestHandler {
  return async (req, res) => {
    const ils = ilsOf(req);
    const form = formOf(req);
    const redirect = await signOut(ils.state, {
      returnTo: form.returnTo ?? req.query.returnTo,
      afterLogout: context.afterLogout,
      ...(providerName === undefined ? {} : { provider: providerName }),
      everywhere: YES.has((form.everywhere ?? req.query.everywhere) as string),
    });
    ils.sync();
    answer(req, res, redirect, () => res.set(redirect.headers).status(204).end());
  };
}

/** A page gets the engine's redirect; a JSON caller its cookies and `json()`. */
function answer(
  req: Request,
  res: Response,
  redirect: Parameters<typeof sendRedirect>[1],
  json: () => void,
): void {
  if (!wantsJson(req)) {
    sendRedirect(res, redirect);
    return;
  }
  appendCookies(res, redirect.cookies);
  json();
}
