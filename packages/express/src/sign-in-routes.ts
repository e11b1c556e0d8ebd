import { isIlsAuthError } from '@ils-auth/core';
import {
  cookiesOf,
  SIGN_IN_HEADERS,
  signOut,
  type WebProvider,
  type WebRedirect,
  withQuery,
} from '@ils-auth/core/web';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { formOf, readForm } from './form-body.js';
import { withHttpStatus } from './http-status.js';
import { wantsJson } from './negotiation.js';
import type { IlsRequestContext } from './request-context.js';
import { type RouterContext, routePath } from './router-context.js';

type Step = (ils: IlsRequestContext, req: Request, res: Response) => Promise<void>;

/**
 * The sign-in routes, per provider `<name>` under `basePath`, each one engine step: GET `<name>/login`
 * (code flow: to the provider; PIN: to the app's `loginPage`), GET `<name>/callback` (or the path of the
 * provider's `redirectUri`, in `outside`), POST `<name>/login` (the PIN form), POST `logout` and
 * `<name>/logout`. No GET sign-out: a link on another site must not sign patrons out.
 */
export function signInRoutes(context: RouterContext, outside: Router): Router {
  const { engine } = context;
  const routes = express.Router();
  for (const provider of engine.providers.values()) {
    const base = `/${provider.name}`;
    if (provider.signIn === 'code') {
      routes.get(`${base}/login`, route(context, provider.name, startCodeFlow(context, provider)));
      const callback = route(context, provider.name, async (ils, _req, res) => {
        const signedIn = await engine.verifyCodeSignIn(ils.state.request, provider.name);
        answer(ils, res, (await ils.state.signIn(signedIn)).redirect);
      });
      // A registered redirect URI's path may lie outside `basePath`.
      if (provider.callbackPath) outside.get(provider.callbackPath, callback);
      else routes.get(`${base}/callback`, callback);
    } else if (provider.signIn === 'pin') {
      routes.get(`${base}/login`, showLoginPage(context, provider));
      routes.post(`${base}/login`, ...readForm(), route(context, provider.name, pinLogin(context, provider)));
    }
    routes.post(`${base}/logout`, ...readForm(), route(context, undefined, logout(context, provider.name)));
  }
  routes.post('/logout', ...readForm(), route(context, undefined, logout(context)));
  return routes;
}

function startCodeFlow(context: RouterContext, provider: WebProvider): Step {
  return async (ils, req, res) => {
    const redirect = await context.engine.startCodeSignIn(ils.state.request, provider.name, {
      // Where `ilsAuth()` is mounted (`req.baseUrl` here is that plus `basePath`).
      redirectUri: routePath(context, ils.mountPath, provider.name, 'callback'),
      returnTo: req.query.returnTo,
    });
    sendRedirect(res, redirect);
  };
}

/** The app's own form posts `barcode`, `pin` and `returnTo`; JSON callers get `{ patron, redirectTo }`. */
function pinLogin(context: RouterContext, provider: WebProvider): Step {
  return async (ils, req, res) => {
    const form = formOf(req);
    const signedIn = await context.engine.verifyPinSignIn(ils.state.request, provider.name, {
      ...form,
      returnTo: form.returnTo ?? req.query.returnTo,
    });
    const { patron, redirect } = await ils.state.signIn(signedIn);
    answer(ils, res, redirect, () => res.json({ patron, redirectTo: redirect.location }));
  };
}

function showLoginPage(context: RouterContext, provider: WebProvider): RequestHandler {
  return (req, res) => {
    if (provider.loginPage) {
      res.redirect(
        302,
        withQuery(provider.loginPage, 'returnTo', context.engine.returnTo(req.query.returnTo)),
      );
      return;
    }
    const message = `post the ${provider.descriptor.displayName} sign-in form here`;
    res
      .set('Allow', 'POST')
      .status(405)
      .json({ error: { code: 'invalid_request', message } });
  };
}

const YES = new Set([true, 'true', '1', 'on', 'yes']);

/** Every provider's session in this browser, or one's; `everywhere=true` for every browser's. */
function logout(context: RouterContext, provider?: string): Step {
  return async (ils, req, res) => {
    const form = formOf(req);
    const redirect = await signOut(ils.state, {
      returnTo: form.returnTo ?? req.query.returnTo,
      afterLogout: context.afterLogout,
      ...(provider === undefined ? {} : { provider }),
      everywhere: YES.has((form.everywhere ?? req.query.everywhere) as string),
    });
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
      const failure =
        provider === undefined
          ? undefined
          : context.engine.signInFailure(ils.state.request, error, {
              provider,
              returnTo: formOf(req).returnTo,
            });
      if (failure) return sendRedirect(res, failure);
      appendCookies(res, cookiesOf(error));
      next(isIlsAuthError(error) ? withHttpStatus(error) : error);
    }
  };
}
