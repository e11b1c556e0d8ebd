import { isIlsAuthError } from '@ils-auth/core';
import { friendlyError } from '@ils-auth/demo-support';
import { ilsAuthErrorHandler } from '@ils-auth/express';
import type { ErrorRequestHandler, Request } from 'express';
import { html, page } from './html.js';

const PIN_LOGIN_ROUTE = /^\/auth\/([A-Za-z0-9_-]{1,32})\/login$/;

/**
 * Errors as pages for people, JSON for API callers. JSON requests, and pages whose patron must sign in again,
 * go to ilsAuthErrorHandler (it knows the statuses and sends people back to sign-in).
 */
export function demoErrorPage(): ErrorRequestHandler {
  const apiHandler = ilsAuthErrorHandler();
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    // The same test as the router's: a JSON body or an Accept preferring JSON is an API call.
    const wantsHtml = !req.is('application/json') && req.accepts(['html', 'json']) === 'html';
    const mustSignInAgain = isIlsAuthError(error) && error.reauthRequired && error.code !== 'state_mismatch';
    if (!wantsHtml || mustSignInAgain) return apiHandler(error, req, res, next);

    const code = isIlsAuthError(error) ? error.code : 'internal_error';
    if (!isIlsAuthError(error) || (error.status ?? 500) >= 500) console.error(error);
    const status = isIlsAuthError(error) ? (error.status ?? 500) : 500;
    const friendly = friendlyError(code);
    res
      .status(status >= 400 ? status : 500)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        page({
          title: friendly.title,
          body: html`<section class="error" id="error" data-code="${code}"><p>${friendly.text}</p></section>
<p><a id="try-again" href="${tryAgainUrl(req)}">Try again</a> · <a href="/">Home</a></p>`,
        }),
      );
  };
}

/** Back to the form the patron came from (a PIN route), else to the sign-in choices. */
function tryAgainUrl(req: Request): string {
  const match = PIN_LOGIN_ROUTE.exec(req.path);
  if (match && req.method === 'POST') return `/signin/${match[1]}`;
  return '/signin';
}
