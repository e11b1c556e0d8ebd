import type { WebProvider } from '@ils-auth/core/web';
import type { RequestHandler } from 'express';
import { sendRedirect } from './express-response.js';
import { finishSignIn } from './finish-sign-in.js';
import { type RouterContext, routePath } from './router-context.js';
import { toWebRequest } from './web-request.js';

/**
 * GET `<base>/<name>/login?returnTo=/path`: sends the browser to the provider's login page. A provider
 * configured by `issuer` takes its endpoints from the server's metadata: the first sign-in waits for it
 * (read once, then cached by core), so a patron arriving right after start-up is not turned away.
 */
export function startCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    await provider.auth.ready();
    const redirect = context.web.beginCodeFlow(toWebRequest(req), provider.name, {
      // Where `ilsAuth()` is mounted (`req.baseUrl` here is that plus `basePath`).
      redirectUri: routePath(context, req.ils?.mountPath ?? '', provider.name, 'callback'),
      returnTo: req.query.returnTo,
    });
    sendRedirect(res, redirect);
  };
}

/**
 * GET `<base>/<name>/callback` (or the provider's `redirectUri` path): core checks the transaction and
 * trades the code; then the sign-in is finished (callback, session, event) and the patron sent on.
 */
export function finishCodeFlow(context: RouterContext, provider: WebProvider): RequestHandler {
  return async (req, res) => {
    const signedIn = await context.web.completeCodeFlow(toWebRequest(req), provider.name);
    sendRedirect(res, await finishSignIn(context, req, signedIn));
  };
}
