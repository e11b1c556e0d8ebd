import { isIlsAuthError, mustSignInAgain } from '@ils-auth/core';
import {
  createBoundedLogger,
  errorAnswer,
  type LineLogger,
  logServerError,
  safeReturnTo,
} from '@ils-auth/core/web';
import type { ErrorRequestHandler, Request } from 'express';
import { isPageRequest } from './negotiation.js';

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
 * `Retry-After`); anything but an IlsAuthError is a generic 500, its message and stack not ours to show.
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
    const exposed = isIlsAuthError(error) ? undefined : exposedClientErrorStatus(error);
    const answer = exposed
      ? {
          ...errorAnswer(error),
          status: exposed,
          code: 'invalid_request',
          message: 'the request could not be read',
        }
      : errorAnswer(error);
    if (answer.status >= 500) serverError(error, req, answer.status);
    if (redirectToLogin && isIlsAuthError(error) && mustSignInAgain(error) && req.ils && isPageRequest(req)) {
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
    res
      .set(answer.headers)
      .status(answer.status)
      .json({ error: { code: answer.code, message: answer.message } });
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
