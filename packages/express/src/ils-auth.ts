import type { IlsClient, PatronAuth } from '@ils-auth/core';
import { IlsAuthEngine } from '@ils-auth/core/web';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { forExpress } from './express-response.js';
import { type IlsAuthOptions, ROUTER_OPTION_NAMES, routerContext } from './options.js';
import { IlsRequestContext } from './request-context.js';
import { requirePatron } from './require-patron.js';
import { signInRoutes } from './sign-in-routes.js';

export interface IlsAuthRouter extends Router {
  /** The guard, as the standalone `requirePatron` export. */
  requirePatron: typeof requirePatron;
  /** A provider's shared app-token client, for work outside a request (no `X-Forwarded-For`). */
  client(name: string): IlsClient;
  /** A provider's core `PatronAuth`, for what the routes do not cover. */
  patronAuth(name: string): PatronAuth;
}

/**
 * Patron sign-in for Express 5: `app.use(ilsAuth({ providers, secret }))` before the routes that use
 * `req.patron`, `req.patrons[name]` or `req.ils`; the sign-in routes are in `sign-in-routes.ts`. Every
 * step and rule is core's `IlsAuthEngine`: this file converts and routes.
 */
export function ilsAuth<User = unknown>(options: IlsAuthOptions<User>): IlsAuthRouter {
  const engine = new IlsAuthEngine<Request>(options, { owner: 'ilsAuth', ownOptions: ROUTER_OPTION_NAMES });
  const context = routerContext(engine, options);
  const router = express.Router();
  router.use(context.basePath, signInRoutes(context, router));

  // Every request first gets its sessions read: `req.patron`, and the cookie entries of sessions that are
  // over (or never were) cleared so the browser stops sending them. Most requests are for other pages:
  // they go on without Express dispatching them through this router's stack (a request that may be for
  // one of its routes, or for a route the app added to it, takes the router's way).
  const ownLayers = router.stack.length;
  const routePaths = routePathsTest([
    context.basePath,
    ...[...engine.providers.values()].flatMap((provider) => provider.callbackPath ?? []),
  ]);
  const dispatchable = router as DispatchableRouter;
  const dispatch = dispatchable.handle.bind(router);
  const loaded = (ils: IlsRequestContext, req: Request, res: Response, out: NextFunction): void => {
    ils.sync();
    if (router.stack.length === ownLayers && !routePaths.test(req.url)) out();
    else dispatch(req, res, out);
  };
  dispatchable.handle = (req, res, out) => {
    const ils = new IlsRequestContext(context, req, res);
    // With the in-process store the sessions are read at once, and the request goes on in this turn.
    // No closure is made per request: the build names each one it makes, at a cost on every request.
    if (ils.state.loadAtOnce()) loaded(ils, req, res, out);
    else
      ils.state.load().then(
        () => loaded(ils, req, res, out),
        (error: unknown) => out(forExpress(error)),
      );
  };

  return Object.assign(router, {
    requirePatron,
    client: (name: string): IlsClient => engine.appClient(name),
    patronAuth: (name: string): PatronAuth => engine.provider(name).auth,
  });
}

/** A Router as Express 5 makes it: its `handle` method is left out of the type definitions. */
type DispatchableRouter = Router & {
  handle(req: Request, res: Response, out: NextFunction): void;
};

/** A superset of Express's own route test (case-insensitive, prefix): no sign-in request is passed by. */
function routePathsTest(paths: readonly string[]): RegExp {
  const escaped = paths.map((path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})`, 'i');
}
