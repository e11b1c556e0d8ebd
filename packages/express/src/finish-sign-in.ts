import { acceptSignIn, emitEvent, type SignedIn, type WebRedirect } from '@ils-auth/core/web';
import type { Request } from 'express';
import { patronFromSession } from './patron.js';
import { addPatron } from './request-patrons.js';
import type { RouterContext } from './router-context.js';
import { toWebRequest } from './web-request.js';

/**
 * After the provider accepted the patron: the app's `signIn` callback decides (core deletes the session
 * if it refuses), the session joins the browser's others (core's fixation rule), `req.patron` and
 * `req.patrons` are set for the rest of the request, and the `signIn` event is told. Returns the 303
 * to where the patron goes, with every cookie to write.
 */
export async function finishSignIn(
  context: RouterContext,
  req: Request,
  signedIn: SignedIn,
): Promise<WebRedirect> {
  const { web, callbacks, events } = context;
  const provider = signedIn.provider.name;
  const { signIn } = callbacks;
  const accepted = await acceptSignIn(
    web,
    toWebRequest(req),
    signedIn,
    signIn && (() => signIn({ patron: patronFromSession(provider, signedIn.session), provider, req })),
  );
  const patron = patronFromSession(provider, signedIn.session, accepted.user);
  addPatron(req, [...web.providers.keys()], patron);
  await emitEvent(events.signIn, { patron, provider, req }, reportEventError(context));
  return web.signInRedirect(accepted, accepted.cookies);
}

export function reportEventError(context: RouterContext): (error: unknown) => void {
  return (
    context.events.error ?? ((error: unknown) => console.error('ils-auth: an event handler failed', error))
  );
}
