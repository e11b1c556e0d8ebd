import { IlsAuthError } from '@ils-auth/core';
import { httpStatusOf, IlsAuthExceptionFilter, IlsAuthHttpException } from '@ils-auth/nestjs';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
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
 * from the request body is written back, so a PIN never ends up in a page.
 */
@Catch(IlsAuthError, IlsAuthHttpException)
export class DemoExceptionFilter implements ExceptionFilter {
  readonly #json = new IlsAuthExceptionFilter();

  catch(exception: IlsAuthError | IlsAuthHttpException, host: ArgumentsHost): void {
    const req = host.getType() === 'http' ? host.switchToHttp().getRequest<Request>() : undefined;
    const res = host.switchToHttp().getResponse<Response>();
    if (!req || !wantsHtml(req) || res.headersSent) {
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
      res.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
    }
    res.status(status).type('html').setHeader('cache-control', 'no-store');

    // A refused card + PIN: the same form again, with the reason above it.
    const pinChoice =
      req.method === 'POST' ? signInChoice(/^\/auth\/([^/]+)\/login$/.exec(req.path)?.[1] ?? '') : undefined;
    if (pinChoice?.kind === 'pin') {
      res.send(pinFormPage(pinChoice, `${friendly.title}: ${friendly.text}`));
      return;
    }
    res.send(
      page(
        friendly.title,
        html`<p class="error" role="alert" data-error="${error.code}">${friendly.text}</p>
<p><a href="/">Sign in</a> · <a href="/">Home</a></p>`,
      ),
    );
  }
}
