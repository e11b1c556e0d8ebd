import { httpStatusFor, isIlsAuthError } from '@ils-auth/core';
import {
  createBoundedLogger,
  type LineLogger,
  logServerError,
  mustSignInAgain,
  safeReturnTo,
} from '@ils-auth/core/web';
import type { ErrorRequestHandler, Request } from 'express';
import { isPageRequest } from './negotiation.js';

export interface ErrorHandlerOptions {
  /**
   * A page whose patron must sign in again (session over, token refused and not renewable) is sent to
   * sign-in and brought back afterwards, instead of getting a JSON 401. Default true.
   */
  redirectToLogin?: boolean;
  /**
   * Where errors answered with a 5xx are logged: `console` by default, or any logger with `error()` and
   * `warn()` (pino, winston). At most one line per status and code per `logIntervalSeconds`, then one line
   * with the count of the others: an outage does not write a line (or a stack) per request.
   */
  logger?: LineLogger;
  /** The interval of the bounded log. Default 60. */
  logIntervalSeconds?: number;
  /** Also called with every error answered with a 5xx, unbounded: for an error tracker or metrics. */
  onError?: (error: unknown, req: Request) => void;
}

/**
 * Answers errors as `{ error: { code, message } }` with a status chosen from the code, and `Retry-After`
 * with a 429 or 503 that says when to try again (a provider backing off after its own 503). IlsAuthError
 * messages are written by ils-auth and carry no secret; any other error becomes a generic 500, because
 * its message and stack are not ours to show.
 */
export function ilsAuthErrorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const redirectToLogin = options.redirectToLogin ?? true;
  const log = createBoundedLogger(options.logger ?? console, {
    intervalSeconds: options.logIntervalSeconds,
    owner: 'ilsAuthErrorHandler',
  });
  const serverError = (error: unknown, req: Request, status: number) => {
    logServerError(log, error, status);
    options.onError?.(error, req);
  };

  return async (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    res.set('Cache-Control', 'no-store');
    if (!isIlsAuthError(error)) {
      const status = exposedClientErrorStatus(error);
      if (status) {
        res
          .status(status)
          .json({ error: { code: 'invalid_request', message: 'the request could not be read' } });
        return;
      }
      serverError(error, req, 500);
      res.status(500).json({ error: { code: 'internal_error', message: 'internal server error' } });
      return;
    }
    const status = httpStatusFor(error);
    if (status >= 500) serverError(error, req, status);
    if (redirectToLogin && mustSignInAgain(error) && req.ils && isPageRequest(req)) {
      // Back to the provider whose session ended (a patron call failed, or the router found it over).
      const provider = req.ils.endedProviders.at(-1) ?? req.patron?.provider;
      await req.ils.logout(provider);
      try {
        res.redirect(302, req.ils.loginUrl(provider, safeReturnTo(req.originalUrl, '/')));
        return;
      } catch {
        // No provider offers sign-in: answer the 401 below.
      }
    }
    if (error.retryAfter !== undefined && (status === 429 || status === 503))
      res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
    res.status(status).json({ error: { code: error.code, message: error.message } });
  };
}

/** body-parser and http-errors mark client errors they raise as safe to show (`expose`). */
function exposedClientErrorStatus(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && candidate?.expose === true
    ? status
    : undefined;
}
