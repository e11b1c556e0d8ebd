import { type IlsClient, isIlsAuthError, type PatronAuth } from '@ils-auth/core';
import { IlsAuthEngine } from '@ils-auth/core/web';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { withHttpStatus } from './http-status.js';
import { type IlsAuthOptions, ROUTER_OPTION_NAMES, resolveRouterOptions } from './options.js';
import { IlsRequestContext } from './request-context.js';
import { startRequestState } from './request-state.js';
import { requirePatron } from './require-patron.js';
import type { RouterContext } from './router-context.js';
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

  router.use(context.basePath, signInRoutes(context, router));

  // Most requests are for other pages: they get `req.patron` and go on without Express dispatching them
  // through this router's stack (a request that may be for one of its routes takes the router's way).
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

/** A Router as Express 5 makes it: its `handle` method is left out of the type definitions. */
type DispatchableRouter = Router & {
  handle(req: Request, res: Response, out: NextFunction): void;
};

/** A superset of Express's own route test (case-insensitive, prefix): no sign-in request is passed by. */
function routePathsTest(paths: readonly string[]): RegExp {
  const escaped = paths.map((path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})`, 'i');
}

/** Errors go to Express's error handling, IlsAuthErrors with the status of our answer. */
function handle(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      next(isIlsAuthError(error) ? withHttpStatus(error) : error);
    }
  };
}
