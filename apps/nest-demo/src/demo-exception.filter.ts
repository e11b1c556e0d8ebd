import { IlsAuthError } from '@ils-auth/core';
import {
  httpStatusOf,
  IlsAuthExceptionFilter,
  IlsAuthHttpException,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
} from '@ils-auth/nestjs';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { signInChoice } from './demo-providers.js';
import { html, page } from './html.js';
import { pinFormPage } from './pin-form.page.js';
import { wantsHtml } from './wants-html.js';

/** What a person is told, per error code; the error's own message is for developers and API clients. */
const FRIENDLY: Partial<Record<string, { title: string; text: string }>> = {
  session_expired: { title: 'Please sign in', text: 'This page is for signed-in patrons.' },
  invalid_credentials: {
    title: 'Sign-in refused',
    text: 'That card number and PIN do not match. Check them and try again.',
  },
  invalid_input: { title: 'Sign-in refused', text: 'That card number or PIN cannot be right.' },
  access_denied: {
    title: 'Sign-in cancelled',
    text: 'You did not allow this site to read your library profile, so you are not signed in.',
  },
  state_mismatch: {
    title: 'Sign-in expired',
    text: 'That sign-in took too long or was already used. Please start again.',
  },
  rate_limited: { title: 'Too many attempts', text: 'Too many sign-in attempts. Wait a few minutes.' },
  provider_unavailable: {
    title: 'Library system unavailable',
    text: 'The library system does not answer right now. Please try again shortly.',
  },
  timeout: { title: 'Library system too slow', text: 'The library system did not answer in time.' },
};

/**
 * `IlsAuthExceptionFilter` for API clients (`{ statusCode, error, message }`), and a page for people: a
 * browser gets the same status with a readable explanation, and a refused PIN shows the form again. Nothing
 * from the request body is written back, so a PIN never ends up in a page. Pages are written through Nest's
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
    const friendly = FRIENDLY[error.code] ?? {
      title: 'Something went wrong',
      text: 'The library system could not complete this request.',
    };
    if (error.retryAfter !== undefined && (status === 429 || status === 503)) {
      http.setHeader(res, 'retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
    }
    http.setHeader(res, 'content-type', 'text/html; charset=utf-8');
    http.setHeader(res, 'cache-control', 'no-store');

    // A refused card + PIN: the same form again, with the reason above it.
    const path = new URL(req.originalUrl ?? req.url ?? '/', 'http://demo').pathname;
    const pinChoice =
      req.method === 'POST' ? signInChoice(/^\/auth\/([^/]+)\/login$/.exec(path)?.[1] ?? '') : undefined;
    if (pinChoice?.kind === 'pin') {
      http.reply(res, pinFormPage(pinChoice, `${friendly.title}: ${friendly.text}`), status);
      return;
    }
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
