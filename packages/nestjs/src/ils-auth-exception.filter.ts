import { IlsAuthError } from '@ils-auth/core';
import { cookiesOf, SIGN_IN_HEADERS } from '@ils-auth/core/web';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { IlsAuthHttpException } from './http-exception.js';
import type { IlsAuthResponse } from './http-types.js';
import { appendCookies, setHeaders } from './web-response.js';

/**
 * Answers an `IlsAuthError` (thrown by `IlsAuthService`, core clients or the guards) with its status and
 * `{ statusCode, error: code, message }`, plus `Retry-After` for `rate_limited`, the cookies the error
 * carries (a failed callback clears its transaction cookie) and `Cache-Control: no-store`. Register it with
 * `app.useGlobalFilters(new IlsAuthExceptionFilter())` or `{ provide: APP_FILTER, useClass: … }`.
 * Other exceptions are not caught here: Nest's own handling stays.
 */
@Catch(IlsAuthError, IlsAuthHttpException)
export class IlsAuthExceptionFilter implements ExceptionFilter {
  catch(exception: IlsAuthError | IlsAuthHttpException, host: ArgumentsHost): void {
    const http = exception instanceof IlsAuthHttpException ? exception : new IlsAuthHttpException(exception);
    const error = http.ilsAuthError;
    if (host.getType() !== 'http') throw http; // RPC and WebSocket contexts have their own filters
    const res = host.switchToHttp().getResponse<IlsAuthResponse>();
    if (res.headersSent) return;
    const status = http.getStatus();
    if (error.retryAfter !== undefined && (status === 429 || status === 503)) {
      res.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
    }
    appendCookies(res, cookiesOf(error));
    setHeaders(res, SIGN_IN_HEADERS);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(http.getResponse()));
  }
}
