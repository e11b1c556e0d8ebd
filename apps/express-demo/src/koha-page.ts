import type { RequestHandler } from 'express';
import { html } from './html.js';
import { send } from './send-page.js';

/** The fields of Koha's patron record this page shows (`GET /api/v1/patrons/{patron_id}`). */
interface KohaPatronRecord {
  patron_id?: number;
  cardnumber?: string;
  surname?: string;
  firstname?: string;
  email?: string | null;
  expiry_date?: string;
  library_id?: string;
}

/**
 * Koha's REST API with the application's token: client credentials at `/api/v1/oauth/token`, the API key in
 * the form body, cached and renewed by core. Staff-side reads: no patron signs in to Koha here.
 */
export function kohaPage(patronIds: readonly number[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const koha = req.ils?.client('koha');
      if (!koha) throw new Error('the ilsAuth router is not mounted');
      const rows = await Promise.all(
        patronIds.map(async (id) => {
          const answer = await koha.fetch(`patrons/${id}`);
          if (!answer.ok) {
            await answer.body?.cancel();
            return html`<tr><td>${id}</td><td colspan="4">Koha answered ${answer.status}</td></tr>`;
          }
          const patron = (await answer.json()) as KohaPatronRecord;
          return html`<tr class="koha-patron" data-patron-id="${patron.patron_id}"><td>${patron.patron_id}</td><td class="name">${patron.surname}, ${patron.firstname}</td><td>${patron.cardnumber}</td><td>${patron.library_id}</td><td>${patron.expiry_date}</td></tr>`;
        }),
      );
      send(
        req,
        res,
        'Koha patrons',
        html`<section><p>Read from Koha's <code>/api/v1/patrons/{id}</code> with the application's token
(client credentials; no sign-in needed).</p>
<table id="koha-patrons"><tr><th>Patron id</th><th>Name</th><th>Card number</th><th>Library</th><th>Card expires</th></tr>${rows}</table></section>`,
      );
    } catch (error) {
      next(error);
    }
  };
}
