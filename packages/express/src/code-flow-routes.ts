import type { WebProvider } from '@ils-auth/core/web';
import type { RequestHandler } from 'express';
import { sendRedirect } from './express-response.js';
import { type RouterContext, routePath } from './router-context.js';
import { startSession } from './start-session.js';
import { toWebRequest } from './web-request.js';

/** GET `<base>/<name>/login?returnTo=/path`: sends the browser to the provider's login page. */
export function startCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return (req, res) => {
    const redirect = context.web.beginCodeFlow(toWebRequest(req), provider.name, {
      redirectUri: routePath(context, req.baseUrl, provider.name, 'callback'),
      returnTo: req.query.returnTo,
    });
    sendRedirect(res, redirect);
  };
}

/** GET `<base>/<name>/callback`: core checks the transaction and trades the code; then 303 to returnTo. */
export function finishCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const signedIn = await context.web.completeCodeFlow(toWebRequest(req), provider.name);
    const cookies = await startSession(context.web, req, signedIn);
    sendRedirect(res, context.web.signInRedirect(signedIn, cookies));
  };
}
