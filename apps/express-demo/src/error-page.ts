import { isIlsAuthError } from '@ils-auth/core';
import { ilsAuthErrorHandler } from '@ils-auth/express';
import type { ErrorRequestHandler, Request } from 'express';
import { html, page } from './html.js';

/** What a person is told, per error code: our words only, never the provider's text or what they typed. */
const FRIENDLY: Record<string, { title: string; text: string }> = {
  invalid_credentials: {
    title: 'Sign-in failed',
    text: 'That card number and PIN do not match our records. Check them and try again.',
  },
  invalid_input: {
    title: 'Sign-in failed',
    text: 'The card number or PIN is missing or cannot be right. Check it and try again.',
  },
  access_denied: {
    title: 'You are not signed in',
    text: 'You chose not to share your library account with this site, so you are not signed in. You can sign in again at any time.',
  },
  state_mismatch: {
    title: 'This sign-in has expired',
    text: 'This sign-in expired or was already used (or started in another browser). Please start again.',
  },
  rate_limited: {
    title: 'Too many attempts',
    text: 'There were too many sign-in attempts for this card. Wait a few minutes and try again.',
  },
  provider_unavailable: {
    title: 'The library system is not answering',
    text: 'The library system is unavailable right now. Please try again in a moment.',
  },
  timeout: {
    title: 'The library system is not answering',
    text: 'The library system took too long to answer. Please try again in a moment.',
  },
};
const GENERIC = { title: 'Something went wrong', text: 'Please try again later.' };

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
    const friendly = FRIENDLY[code] ?? GENERIC;
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
