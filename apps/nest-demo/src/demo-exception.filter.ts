import { IlsAuthError } from '@ils-auth/core';
import { friendlyError } from '@ils-auth/demo-support';
import {
  httpStatusOf,
  IlsAuthExceptionFilter,
  IlsAuthHttpException,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
} from '@ils-auth/nestjs';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { html, page } from './html.js';
import { wantsHtml } from './wants-html.js';

/**
 * `IlsAuthExceptionFilter` for API clients (`{ statusCode, error, message }`), and a page for people: a
 * browser gets the same status with a readable explanation. (A refused sign-in from a page never gets
 * here: `failureRedirect` sends it back to the form.) Nothing from the request is written back. Pages are written through Nest's
 * HTTP adapter, so the filter works on Express and Fastify alike.
 */
@Catch(IlsAuthError, IlsAuthHttpException)
export class DemoExceptionFilter implements ExceptionFilter {
  readonly #json = new IlsAuthExceptionFilter();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: IlsAuthError | IlsAuthHttpException, host: ArgumentsHost): void {
    const http = this.adapterHost.httpAdapter;
    const req = host.getType() === 'http' ? host.switchToHttp().getRequest<IlsAuthRequest>() : undefined;
    const res = host.switchToHttp().getResponse<IlsAuthPlatformResponse>();
    if (!req || !wantsHtml(req) || http.isHeadersSent(res)) {
      this.#json.catch(exception, host);
      return;
    }

    const error = exception instanceof IlsAuthHttpException ? exception.ilsAuthError : exception;
    const status = httpStatusOf(error);
    const friendly = friendlyError(error.code);
    if (error.retryAfter !== undefined && (status === 429 || status === 503)) {
      http.setHeader(res, 'retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
    }
    http.setHeader(res, 'content-type', 'text/html; charset=utf-8');
    http.setHeader(res, 'cache-control', 'no-store');

    http.reply(
      res,
      page(
        friendly.title,
        html`<p class="error" role="alert" data-error="${error.code}">${friendly.text}</p>
<p><a href="/">Sign in</a> · <a href="/">Home</a></p>`,
      ),
      status,
    );
  }
}
