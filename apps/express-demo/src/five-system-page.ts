import type { AppCredentialCalls, FiveSystemName } from '@ils-auth/demo-support';
import type { RequestHandler } from 'express';
import { html } from './html.js';
import { send } from './send-page.js';

/**
 * A page of one of the five systems without OAuth: one live call with the application's credential (core signs
 * in as the staff or API user, signs the request or sends the key), whoever is signed in, and the patron
 * signed in to this system, if any, from the card + PIN form.
 */
export function fiveSystemPage(
  system: { name: FiveSystemName; label: string },
  call: AppCredentialCalls[FiveSystemName],
): RequestHandler {
  return async (req, res, next) => {
    try {
      const client = req.ils?.client(system.name);
      if (!client) throw new Error('the ilsAuth router is not mounted');
      const { request, result } = await call(client);
      const patron = req.patrons?.[system.name];
      send(
        req,
        res,
        system.label,
        html`<section id="app-call" data-system="${system.name}"><p>Called just now with the application's
credential: <code id="app-call-request">${request}</code></p>
<p>${system.label} answered: <strong id="app-call-result">${result}</strong></p></section>
<section id="signed-in-here">${
          patron
            ? html`<p>Signed in to ${system.label} as <strong class="patron-name">${patron.profile?.name ?? patron.patronId}</strong> (patron id <code>${patron.patronId}</code>).</p>`
            : html`<p>Not signed in to ${system.label}. <a href="/signin/${system.name}?returnTo=%2F${system.name}">Sign in with your card</a>.</p>`
        }</section>`,
      );
    } catch (error) {
      next(error);
    }
  };
}
