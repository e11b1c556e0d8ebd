import { IlsAuthError, mustSignInAgain } from '@ils-auth/core';
import { createBoundedLogger, errorAnswer, logServerError } from '@ils-auth/core/web';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { reSignInUrl } from './request-patrons.js';
import { appendCookies, isSent, sendJson, setHeaders } from './web-response.js';

/**
 * Answers an `IlsAuthError` (thrown by `IlsAuthService`, core clients or the guards) with its status and
 * `{ statusCode, error: code, message }`, plus `Retry-After` on a 429 or 503 that says when to come back,
 * the cookies the error carries (a failed callback clears its transaction cookie) and `Cache-Control:
 * no-store`. When a patron's session with a provider ended during the request (its tokens were refused),
 * the 401 names where to sign in again: `loginUrl`, that provider's login route, back to this page. Register it with
 * `app.useGlobalFilters(new IlsAuthExceptionFilter())` or `{ provide: APP_FILTER, useClass: … }`.
 * Other exceptions are not caught here: Nest's own handling stays.
 *
 * A 5xx is logged through Nest's `Logger` (context `IlsAuth`) as one line: the status, code and message,
 * which hold no secret, at most once per status and code a minute with a count of the rest (core's
 * bounded logger, as the Express error handler). No stack and no cause: an outage must not write a line
 * per request.
 */
@Catch(IlsAuthError, IlsAuthHttpException)
export class IlsAuthExceptionFilter implements ExceptionFilter {
  private readonly log = createBoundedLogger(new Logger('IlsAuth'), { owner: 'IlsAuthExceptionFilter' });

  catch(exception: IlsAuthError | IlsAuthHttpException, host: ArgumentsHost): void {
    const http = exception instanceof IlsAuthHttpException ? exception : new IlsAuthHttpException(exception);
    const error = http.ilsAuthError;
    if (host.getType() !== 'http') throw http; // RPC and WebSocket contexts have their own filters
    const status = http.getStatus();
    if (status >= 500) logServerError(this.log, error, status);
    const res = host.switchToHttp().getResponse<IlsAuthPlatformResponse>();
    if (isSent(res)) return;
    const answer = errorAnswer(error);
    setHeaders(res, answer.headers);
    appendCookies(res, answer.cookies);
    const loginUrl = mustSignInAgain(error)
      ? reSignInUrl(host.switchToHttp().getRequest<IlsAuthRequest>())
      : undefined;
    sendJson(res, status, { ...(http.getResponse() as object), ...(loginUrl ? { loginUrl } : {}) });
  }
}
