import { IlsAuthError, mustSignInAgain } from '@ils-auth/core';
import { createBoundedLogger, errorAnswer, logServerError } from '@ils-auth/core/web';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthPlatformResponse, IlsAuthRequest } from './http-types.js';
import { reSignInUrl } from './request-patrons.js';
import { appendCookies, isSent, sendJson, setHeaders } from './web-response.js';

/**
 * Answers an `IlsAuthError` with core's error answer: its status, `{ statusCode, error: code, message }`,
 * `Retry-After`, the cookies it carries, `no-store`, and `loginUrl` when a session ended during the request.
 * Register it with `app.useGlobalFilters(new IlsAuthExceptionFilter())` or `APP_FILTER`. A 5xx is logged
 * as one bounded line (no stack). Other exceptions and contexts keep Nest's own handling.
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
