import { type IlsClient, isIlsAuthError, type PatronAuth } from '@ils-auth/core';
import { cookiesOf, IlsAuthEngine, SIGN_IN_HEADERS } from '@ils-auth/core/web';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { appendCookies, sendRedirect } from './express-response.js';
import { formOf, readForm } from './form-body.js';
import { withHttpStatus } from './http-status.js';
import { type IlsAuthOptions, ROUTER_OPTION_NAMES, resolveRouterOptions } from './options.js';
import { IlsRequestContext } from './request-context.js';
import { startRequestState } from './request-state.js';
import { requirePatron } from './require-patron.js';
import type { RouterContext } from './router-context.js';
import { finishCodeFlow, logout, pinLogin, showLoginPage, startCodeFlow } from './sign-in-routes.js';
import { toWebRequest } from './web-request.js';

export interface IlsAuthRouter extends Router {
  /** The guard, as the standalone `requirePatron` export. */
  requirePatron: typeof requirePatron;
  /** A provider's shared app-token client, for work outside a request (no `X-Forwarded-For`). */
  client(name: string): IlsClient;
  /** A provider's core `PatronAuth`, for what the routes do not cover. */
  patronAuth(name: string): PatronAuth;
}

/**
 * Patron sign-in for Express 5. Mount it before the routes that use `req.patron` or `req.ils`:
 * `app.use(ilsAuth({ providers, secret }))`. Per provider `<name>`, under `basePath` (default `/auth`):
 * - code flow (Sierra login page, RERO): GET `<name>/login?returnTo=` → provider → GET `<name>/callback`;
 * - PIN (Sierra PIN check, OverDrive): POST `<name>/login` with `barcode`, `pin`, `returnTo`;
 * - POST `logout` (every provider's session in this browser) and `<name>/logout` (that one's).
 * A browser may be signed in to several providers at once: `req.patrons[name]`, and `req.patron` for the
 * first of them in `providers` order.
 * Every step and rule (cookies, sealing, same-origin, throttle, single use, Host, hooks) is core's
 * `IlsAuthEngine`; this file only routes.
 */
export function ilsAuth<User = unknown>(options: IlsAuthOptions<User>): IlsAuthRouter {
  const engine = new IlsAuthEngine<Request>(options, {
    owner: 'ilsAuth',
    ownOptions: ROUTER_OPTION_NAMES,
  });
  const context: RouterContext = { engine, ...resolveRouterOptions(options) };
  const router = express.Router();

  const readSessions = handle(async (req, res, next) => {
    const ils = new IlsRequestContext(context, req, res);
    startRequestState(req, ils);
    await ils.state.load();
    // Entries for sessions that are over (or never were) leave the cookie, so the browser stops sending them.
    ils.sync();
    next();
  });

  // The sign-in routes live in one router mounted at `basePath` (and a callback path outside it, if one
  // is configured).
  const routes = express.Router();
  for (const provider of engine.providers.values()) {
    const base = `/${provider.name}`;
    if (provider.signIn === 'code') {
      routes.get(`${base}/login`, signInRoute(startCodeFlow(context, provider), context, provider.name));
      const callback = signInRoute(finishCodeFlow(context, provider), context, provider.name);
      // A registered redirect URI's path may lie outside `basePath`.
      if (provider.callbackPath) router.get(provider.callbackPath, callback);
      else routes.get(`${base}/callback`, callback);
    } else if (provider.signIn === 'pin') {
      routes.get(`${base}/login`, handle(showLoginPage(context, provider)));
      routes.post(
        `${base}/login`,
        ...readForm(),
        signInRoute(pinLogin(context, provider), context, provider.name),
      );
    }
    routes.post(`${base}/logout`, ...readForm(), signInRoute(logout(context, provider.name)));
  }
  routes.post('/logout', ...readForm(), signInRoute(logout(context)));
  router.use(context.basePath, routes);

  // Every request of the app passes here, and most are for other pages (the guarded ones are the hot
  // path, not the sign-in routes): those get `req.patron` and go on to the app's next handler without
  // Express dispatching them through this router's stack. A request that may be for one of its routes, or
  // any request once the app has added routes of its own to this router, takes the router's own way.
  const ownLayers = router.stack.length;
  const routePaths = routePathsTest([
    context.basePath,
    ...[...engine.providers.values()].flatMap((provider) => provider.callbackPath ?? []),
  ]);
  const dispatchable = router as DispatchableRouter;
  const dispatch = dispatchable.handle.bind(router);
  dispatchable.handle = (req, res, out) =>
    readSessions(req, res, (error?: unknown) => {
      if (error !== undefined) return out(error);
      if (router.stack.length === ownLayers && !routePaths.test(req.url)) return out();
      dispatch(req, res, out);
    });

  return Object.assign(router, {
    requirePatron,
    client: (name: string): IlsClient => engine.appClient(name),
    patronAuth: (name: string): PatronAuth => engine.provider(name).auth,
  });
}

/**
 * A Router as Express 5's `router` package makes it: calling it calls its `handle` method, which the
 * type definitions leave out.
 */
type DispatchableRouter = Router & {
  handle(req: Request, res: Response, out: NextFunction): void;
};

/**
 * Whether a URL (relative to where the router is mounted) may match a route under one of `paths`: a
 * superset of Express's own test (case-insensitive by default, and a prefix match), so that no request
 * for a sign-in route is ever passed by.
 */
function routePathsTest(paths: readonly string[]): RegExp {
  const escaped = paths.map((path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})`, 'i');
}

/**
 * Errors go to Express's error handling, IlsAuthErrors with the status of our answer, after the cookies
 * that core wants written even on failure (the used transaction, cleared).
 */
function handle(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      if (!res.headersSent) appendCookies(res, cookiesOf(error));
      next(isIlsAuthError(error) ? withHttpStatus(error) : error);
    }
  };
}

/**
 * A route that starts, finishes or ends a sign-in: never cached, whether it succeeds or fails. A failed
 * sign-in of a page goes to the `failureRedirect` page when there is one (core decides: JSON callers get
 * the error as JSON).
 */
function signInRoute(handler: RequestHandler, context?: RouterContext, provider?: string): RequestHandler {
  return handle(async (req, res, next) => {
    res.set(SIGN_IN_HEADERS);
    try {
      await handler(req, res, next);
    } catch (error) {
      const failure =
        context && provider && !res.headersSent
          ? context.engine.signInFailure(toWebRequest(req), error, {
              provider,
              returnTo: formOf(req).returnTo ?? req.query.returnTo,
            })
          : undefined;
      if (!failure) throw error;
      sendRedirect(res, failure);
    }
  });
}
