import { IlsAuthError } from '@ils-auth/core';
import {
  invalidOption,
  isLocalPath,
  isPageRequest,
  type Patron,
  safeReturnTo,
  withQuery,
} from '@ils-auth/core/web';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IlsRequest } from './ils-request.js';

export interface RequirePatronOptions {
  /** Require a patron of this provider, and send pages to its sign-in. Default: any signed-in patron. */
  provider?: string;
  /** `'auto'` (default): JSON 401 for API calls, redirect for pages; `'json'`; `'redirect'` every GET. */
  respond?: 'auto' | 'json' | 'redirect';
  /** Sign-in page instead of the provider's route: a path (gets `?returnTo=`) or a function of the request. */
  loginUrl?: string | ((req: Request, returnTo: string) => string);
  /** Who counts as signed in; default `req.patron`. With Passport: `(req) => req.user`. */
  patron?: (req: Request) => unknown;
}

/** A request that `requirePatron` let through: `req.patron` and `req.ils` are there. */
export type PatronRequest<Req extends Request = Request> = Req & {
  patron: Patron;
  patrons: Readonly<Record<string, Patron>>;
  ils: IlsRequest;
};

/** A route handler that runs only for signed-in patrons, its `req.patron` typed as present. */
export type PatronHandler = (req: PatronRequest, res: Response, next: NextFunction) => unknown;

const OWNER = 'requirePatron';
const UNAUTHORIZED = { error: { code: 'session_expired', message: 'sign in to continue' } } as const;

/**
 * Lets signed-in patrons through. Others get a JSON 401 (`{ error: { code, message } }`) or, for pages, a
 * redirect to sign-in that brings them back to the page afterwards (`returnTo`, checked to be a local path).
 *
 * As middleware, `app.get('/account', requirePatron(), handler)`; or wrapping the handler, whose `req.patron`
 * is then typed as present: `app.get('/account', requirePatron((req, res) => res.json(req.patron.profile)))`.
 */
export function requirePatron(options?: RequirePatronOptions): RequestHandler;
export function requirePatron(handler: PatronHandler): RequestHandler;
export function requirePatron(options: RequirePatronOptions, handler: PatronHandler): RequestHandler;
export function requirePatron(
  first: RequirePatronOptions | PatronHandler = {},
  second?: PatronHandler,
): RequestHandler {
  const options = typeof first === 'function' ? {} : first;
  const handler = typeof first === 'function' ? first : second;
  const { loginUrl, respond = 'auto' } = options;
  if (!['auto', 'json', 'redirect'].includes(respond))
    throw invalidOption(OWNER, 'respond', 'must be "auto", "json" or "redirect"');
  if (loginUrl !== undefined && typeof loginUrl !== 'function' && !isLocalPath(loginUrl))
    throw invalidOption(OWNER, 'loginUrl', 'must be a path on this site or a function');
  if (handler !== undefined && typeof handler !== 'function')
    throw new IlsAuthError('config_invalid', 'requirePatron: the handler must be a function');

  const { provider } = options;
  const signedIn =
    options.patron ?? ((req: Request) => (provider === undefined ? req.patron : req.patrons?.[provider]));
  return (req, res, next) => {
    if (signedIn(req)) {
      if (!handler) return next();
      if (!req.patron || !req.ils) return next(notMounted());
      return handler(req as PatronRequest, res, next);
    }
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (!(respond === 'redirect' ? isGet : respond === 'auto' && isPageRequest(req)))
      return void res.status(401).set('Cache-Control', 'no-store').json(UNAUTHORIZED);
    const returnTo = safeReturnTo(req.originalUrl, '/');
    if (typeof loginUrl === 'function') return res.redirect(302, loginUrl(req, returnTo));
    if (loginUrl !== undefined) return res.redirect(302, withQuery(loginUrl, 'returnTo', returnTo));
    if (!req.ils) return next(notMounted());
    res.redirect(302, req.ils.loginUrl(provider, returnTo));
  };
}

function notMounted(): IlsAuthError {
  const message = 'requirePatron: mount the ilsAuth() router before it, or give `loginUrl`';
  return new IlsAuthError('config_invalid', message, { retryable: false, status: 500 });
}
