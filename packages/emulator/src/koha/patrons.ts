import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { refuseUnlessPermitted } from './api-access.js';
import { kohaErrorReply } from './errors.js';
import type { KohaClient, KohaPatron } from './seed.js';
import type { KohaState } from './state.js';

const mayReadPatrons = (client: KohaClient) => client.canReadPatrons;

/**
 * `GET /api/v1/patrons/{patron_id}`: 401 without a live token, 403 when the key's staff user lacks the
 * `borrowers` permission, 404 for an unknown patron, else the record.
 */
export function getPatron(state: KohaState, ctx: RequestContext): Reply {
  const refused = refuseUnlessPermitted(state, ctx, mayReadPatrons, { borrowers: 'list_borrowers' });
  if (refused) return refused;
  const patron = state.patron(ctx.params[0] ?? '');
  return patron ? jsonReply(200, patron) : kohaErrorReply(404, 'Patron not found');
}

/**
 * `GET /api/v1/patrons?cardnumber=…&userid=…[&_match=exact][&_per_page=N]`: the matching records, as a
 * list. Only these two filters are emulated, case-insensitive as Koha's; without `_match=exact` a value
 * matches anywhere in the field (Koha's default `contains`), so an inexact search may find several
 * patrons. `_per_page` caps the list (Koha's paging; no `_page`).
 */
export function listPatrons(state: KohaState, ctx: RequestContext): Reply {
  const refused = refuseUnlessPermitted(state, ctx, mayReadPatrons, { borrowers: 'list_borrowers' });
  if (refused) return refused;
  const exact = ctx.url.searchParams.get('_match') === 'exact';
  const filters = (['cardnumber', 'userid'] as const).flatMap((field) => {
    const wanted = ctx.url.searchParams.get(field);
    return wanted === null ? [] : [{ field, wanted: wanted.toLowerCase() }];
  });
  const matches = (patron: KohaPatron) =>
    filters.every(({ field, wanted }) => {
      const value = (patron[field] ?? '').toLowerCase();
      return exact ? value === wanted : value.includes(wanted);
    });
  const perPage = Number(ctx.url.searchParams.get('_per_page') ?? Number.POSITIVE_INFINITY);
  const found = state.seeds.patrons.filter(matches);
  return jsonReply(200, perPage > 0 ? found.slice(0, perPage) : found);
}

/** `GET /api/v1/patrons/{patron_id}/account`: the balance and its (here empty) outstanding lines. */
export function getPatronAccount(state: KohaState, ctx: RequestContext): Reply {
  const refused = refuseUnlessPermitted(state, ctx, mayReadPatrons, { borrowers: 'edit_borrowers' });
  if (refused) return refused;
  const patron = state.patron(ctx.params[0] ?? '');
  if (!patron) return kohaErrorReply(404, 'Patron not found');
  const balance = state.balance(patron);
  return jsonReply(200, {
    balance,
    outstanding_debits: { total: Math.max(balance, 0), lines: [] },
    outstanding_credits: { total: Math.min(balance, 0), lines: [] },
  });
}
