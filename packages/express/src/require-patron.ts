import { IlsAuthError } from '@ils-auth/core';
import { isLocalPath, safeReturnTo, withQuery } from '@ils-auth/core/web';
import type { Request, RequestHandler } from 'express';
import { isPageRequest } from './negotiation.js';

export interface RequirePatronOptions {
  /** Provider whose sign-in a page is sent to. Default: the first provider that offers sign-in. */
  provider?: string;
  /**
   * `'auto'` (default): JSON 401 for API calls (non-GET, or `Accept` preferring JSON), redirect for pages.
   * `'json'`: always JSON 401. `'redirect'`: redirect every GET, whatever it accepts.
   */
  respond?: 'auto' | 'json' | 'redirect';
  /** Sign-in page instead of the provider's route: a path (gets `?returnTo=`) or a function of the request. */
  loginUrl?: string | ((req: Request, returnTo: string) => string);
  /** Who counts as signed in; default `req.patron`. With Passport: `(req) => req.user`. */
  patron?: (req: Request) => unknown;
}

const UNAUTHORIZED = { error: { code: 'session_expired', message: 'sign in to continue' } } as const;

/**
 * Lets signed-in patrons through. Others get a JSON 401 (`{ error: { code, message } }`) or, for pages, a
 * redirect to sign-in that brings them back to the page afterwards (`returnTo`, checked to be a local path).
 */
export function requirePatron(options: RequirePatronOptions = {}): RequestHandler {
  const respond = options.respond ?? 'auto';
  if (!['auto', 'json', 'redirect'].includes(respond))
    throw new IlsAuthError(
      'config_invalid',
      'requirePatron: option `respond` must be "auto", "json" or "redirect"',
    );
  const { loginUrl } = options;
  if (loginUrl !== undefined && typeof loginUrl !== 'function' && !isLocalPath(loginUrl))
    throw new IlsAuthError(
      'config_invalid',
      'requirePatron: option `loginUrl` must be a path on this site or a function',
    );

  return (req, res, next) => {
    const patron = options.patron ? options.patron(req) : req.patron;
    if (patron) return next();

    const isGet = req.method === 'GET' || req.method === 'HEAD';
    const redirect = respond === 'redirect' ? isGet : respond === 'auto' && isPageRequest(req);
    if (!redirect) {
      res.status(401).set('Cache-Control', 'no-store').json(UNAUTHORIZED);
      return;
    }
    const returnTo = safeReturnTo(req.originalUrl, '/');
    let target: string;
    if (typeof loginUrl === 'function') target = loginUrl(req, returnTo);
    else if (loginUrl !== undefined) target = withQuery(loginUrl, 'returnTo', returnTo);
    else if (req.ils) target = req.ils.loginUrl(options.provider, returnTo);
    else
      return next(
        new IlsAuthError(
          'config_invalid',
          'requirePatron: mount the ilsAuth() router before it, or give `loginUrl`',
          {
            retryable: false,
            status: 500,
          },
        ),
      );
    res.redirect(302, target);
  };
}
