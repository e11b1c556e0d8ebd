import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { notFoundReply, OVERDRIVE_JSON } from './errors.js';
import type { OverDriveState, OverDriveToken } from './state.js';

const CIRCULATION = 'application/vnd.overdrive.circulation.api+json';
const DISCOVERY = 'application/vnd.overdrive.api+json';

function lendingPeriodAction(href: string, formatClass: string, options: string[]) {
  return {
    editLendingPeriod: {
      href,
      type: CIRCULATION,
      method: 'PUT',
      fields: [
        { name: 'formatClass', type: 'text', value: formatClass, optional: false },
        { name: 'lendingPeriodDays', type: 'number', options, optional: false },
      ],
    },
  };
}

/**
 * `GET /v1/patrons/me` on the patron API host: the OD-3 shape with the patron's own ids. Links point
 * back at this emulator, so a client following them stays on loopback.
 */
export function patronMe(
  state: OverDriveState,
  ctx: RequestContext,
  token: Extract<OverDriveToken, { kind: 'patron' }>,
): Reply {
  const patron = state.seeds.patrons.find((candidate) => candidate.patronId === token.patronId);
  const website = state.website(String(token.websiteId));
  const library = website && state.library(website.libraryId);
  if (!patron || !library) return notFoundReply();
  const me = `${ctx.origin}/patron-api/v1/patrons/me`;
  const collection = `${ctx.origin}/api/v1/collections/${library.collectionToken}`;
  return jsonReply(
    200,
    {
      patronId: patron.patronId,
      websiteId: token.websiteId,
      existingPatron: true,
      collectionToken: library.collectionToken,
      holdLimit: 15,
      lastHoldEmail: patron.email,
      checkoutLimit: 12,
      lendingPeriods: [
        { formatType: 'eBook', lendingPeriod: 21, units: 'days' },
        { formatType: 'Audiobook', lendingPeriod: 14, units: 'days' },
        { formatType: 'Video', lendingPeriod: 5, units: 'days' },
      ],
      links: {
        self: { href: me, type: CIRCULATION },
        checkouts: { href: `${me}/checkouts`, type: CIRCULATION },
        holds: { href: `${me}/holds`, type: CIRCULATION },
      },
      linkTemplates: {
        search: {
          href: `${collection}/products?q={keyword}&limit={limit}&offset={offset}&formats={formats}&sort={sort}&availability={availability}`,
          type: DISCOVERY,
        },
        availability: { href: `${collection}/products/{reserveId}/availability`, type: DISCOVERY },
      },
      actions: [
        lendingPeriodAction(me, 'eBook', ['7', '14', '21']),
        lendingPeriodAction(me, 'Audiobook', ['7', '14', '21']),
        lendingPeriodAction(me, 'Video', ['3', '5', '7']),
      ],
    },
    OVERDRIVE_JSON,
  );
}
