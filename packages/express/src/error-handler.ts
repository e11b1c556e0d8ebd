import {
  createBoundedLogger,
  errorAnswer,
  isPageRequest,
  type LineLogger,
  logServerError,
  safeReturnTo,
  signInAgain,
} from '@ils-auth/core/web';
import type { ErrorRequestHandler, Request } from 'express';
import { sendRedirect } from './express-response.js';
import type { IlsRequestContext } from './request-context.js';

export interface ErrorHandlerOptions {
  /** A page whose patron must sign in again goes to sign-in and back, not a JSON 401. Default true. */
  redirectToLogin?: boolean;
  /**
   * Where 5xx answers are logged (`console`, pino, winston): at most one line per status and code per
   * `logIntervalSeconds`, then a count, so an outage does not write a line per request.
   */
  logger?: LineLogger;
  /** The interval of the bounded log. Default 60. */
  logIntervalSeconds?: number;
  /** Also called with every error answered with a 5xx, unbounded: for an error tracker or metrics. */
  onError?: (error: unknown, req: Request) => void;
}

/**
 * Answers errors with core's error answer as `{ error: { code, message } }` (status, `no-store`,
 * `Retry-After`); anything but an IlsAuthError (or a body parser's client error) is a generic 500, its
 * message and stack not ours to show. A page whose session the error ended goes to sign in again.
 */
export function ilsAuthErrorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const redirectToLogin = options.redirectToLogin ?? true;
  const log = createBoundedLogger(options.logger ?? console, {
    intervalSeconds: options.logIntervalSeconds,
    owner: 'ilsAuthErrorHandler',
  });

  return async (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const answer = errorAnswer(error);
    if (answer.status >= 500) {
      logServerError(log, error, answer.status);
      options.onError?.(error, req);
    }
    const ils = req.ils as IlsRequestContext | undefined;
    const returnTo = safeReturnTo(req.originalUrl, '/');
    const again =
      redirectToLogin && ils && isPageRequest(req)
        ? await signInAgain(ils.state, error, ils.routesPath, returnTo)
        : undefined;
    if (again) return sendRedirect(res, again);
    res
      .set(answer.headers)
      .status(answer.status)
      .json({ error: { code: answer.code, message: answer.message } });
  };
}
