import {
  cookiesOf,
  SIGN_IN_HEADERS,
  signOut,
  type WebProvider,
  type WebRedirect,
  wantsJson,
  withQuery,
} from '@ils-auth/core/web';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { appendCookies, forExpress, sendRedirect } from './express-response.js';
import { formOf, readForm } from './form-body.js';
import type { RouterContext } from './options.js';
import type { IlsRequestContext } from './request-context.js';

type Step = (ils: IlsRequestContext, req: Request, res: Response) => Promise<void>;

/**
 * The sign-in routes, per provider `<name>` under `basePath`, each one engine step: GET `<name>/login`
 * (code flow: to the provider; PIN: to the app's `loginPage`), GET `<name>/callback` (or the path of the
 * provider's `redirectUri`, in `outside`), POST `<name>/login` (the PIN form), POST `logout` and
 * `<name>/logout`. No GET sign-out: a link on another site must not sign patrons out.
 */
export function signInRoutes(context: RouterContext, outside: Router): Router {
  const routes = express.Router();
  for (const provider of context.engine.providers.values()) {
    const base = `/${provider.name}`;
    const signIn = route(context, provider.name, step(context, provider));
    if (provider.signIn === 'code') {
      routes.get(`${base}/login`, signIn);
      // A registered redirect URI's path may lie outside `basePath`.
      if (provider.callbackPath) outside.get(provider.callbackPath, signIn);
      else routes.get(`${base}/callback`, signIn);
    } else if (provider.signIn === 'pin') {
      routes.get(`${base}/login`, showLoginPage(context, provider));
      routes.post(`${base}/login`, ...readForm(), signIn);
    }
    routes.post(`${base}/logout`, ...readForm(), route(context, undefined, logout(context, provider.name)));
  }
  routes.post('/logout', ...readForm(), route(context, undefined, logout(context)));
  return routes;
}

/**
 * The engine's step for this request: a redirect (to the provider), or a verified sign-in finished as
 * the request's (a PIN form's JSON caller gets `{ patron, redirectTo }`).
 */
function step(context: RouterContext, provider: WebProvider): Step {
  return async (ils, req, res) => {
    const next = await context.engine.signInStep(ils.state.request, provider.name, {
      ownCallbackPath: `${ils.routesPath}/${provider.name}/callback`,
      ...(provider.callbackPath ? { callbackPath: `${ils.mountPath}${provider.callbackPath}` } : {}),
      form: formOf(req),
    });
    if (next.redirect) return sendRedirect(res, next.redirect);
    const { patron, redirect } = await ils.state.signIn(next.signedIn);
    const json =
      provider.signIn === 'pin' ? () => res.json({ patron, redirectTo: redirect.location }) : undefined;
    answer(ils, res, redirect, json);
  };
}

/** GET of a PIN provider's sign-in: the app's `loginPage` when it has one; the form is posted here. */
function showLoginPage(context: RouterContext, provider: WebProvider): RequestHandler {
  const message = `post the ${provider.descriptor.displayName} sign-in form here`;
  const notHere = { error: { code: 'invalid_request', message } };
  return (req, res) => {
    const { loginPage } = provider;
    if (loginPage)
      res.redirect(302, withQuery(loginPage, 'returnTo', context.engine.returnTo(req.query.returnTo)));
    else res.set('Allow', 'POST').status(405).json(notHere);
  };
}

/** Every provider's session in this browser, or one's; `everywhere=true` for every browser's. */
function logout(context: RouterContext, provider?: string): Step {
  const { afterLogout } = context;
  return async (ils, req, res) => {
    const redirect = await signOut(ils.state, { form: formOf(req), afterLogout, provider });
    answer(ils, res, redirect, () => res.set(redirect.headers).status(204).end());
  };
}

/** `req.patron` follows the engine; a page gets the redirect, a JSON caller the cookies and `json()`. */
function answer(ils: IlsRequestContext, res: Response, redirect: WebRedirect, json?: () => void): void {
  ils.sync();
  if (json && wantsJson(res.req)) {
    appendCookies(res, redirect.cookies);
    json();
  } else sendRedirect(res, redirect);
}

/**
 * A sign-in route is never cached, whether it succeeds or fails. A failed sign-in of a page goes to the
 * `failureRedirect` page when there is one (JSON callers get the error); errors go on to Express's error
 * handling with the status of our answer, after the cookies core wants written even on failure.
 */
function route(context: RouterContext, provider: string | undefined, step: Step): RequestHandler {
  return async (req, res, next) => {
    res.set(SIGN_IN_HEADERS);
    const ils = req.ils as IlsRequestContext;
    try {
      await step(ils, req, res);
    } catch (error) {
      if (res.headersSent) return next(error);
      const returnTo = formOf(req).returnTo;
      const failure =
        provider && context.engine.signInFailure(ils.state.request, error, { provider, returnTo });
      if (failure) return sendRedirect(res, failure);
      appendCookies(res, cookiesOf(error));
      next(forExpress(error));
    }
  };
}
