import type { Sip2Flavour } from '../flavours.js';
import type { Handler } from '../handler.js';
import type { PatronCheck } from '../patron-check.js';
import { checkPatron } from '../patron-check.js';
import { identityFields, messageFields, statusHead } from '../patron-judgement.js';
import { composeResponse, optionalField, type ResponseField } from '../response.js';
import type { Sip2Patron } from '../seed.js';

const count = (value: number) => String(value).padStart(4, '0');

/** What a 64 says about a known patron beyond who they are: limits, money, holds, contact, extensions. */
function recordFields(
  patron: Sip2Patron,
  check: PatronCheck,
  flavour: Sip2Flavour,
  summary: string,
): ResponseField[] {
  return [
    ...(flavour.sendsItemLimits
      ? ([
          ['BZ', '0050'],
          ['CA', '0010'],
          ['CB', '0050'],
        ] as const)
      : []),
    ['BH', 'USD'],
    ['BV', patron.fines],
    ...optionalField('CC', flavour.sendsFeeLimit ? patron.feeLimit : undefined),
    // The summary's first position asks for hold items, one AS field each.
    ...(summary.charAt(0) === 'Y' ? patron.holdItems.map((title): ResponseField => ['AS', title]) : []),
    ...optionalField('BD', patron.address),
    ...optionalField('BE', patron.email),
    ...optionalField('BF', patron.phone),
    ['AQ', patron.homeLibrary],
    ...flavour.extensions(patron, check),
  ];
}

/**
 * 63 → 64: patron status, language, date, six item counts (holds, overdue, charged, fines, recalls,
 * unavailable holds); AO, AA, AE, BL, CQ, then for a known patron the limits, BH, BV, CC, the hold items
 * when the summary asks, BD, BE, BF, AQ and the flavour's extension fields; AF, AG.
 */
export const handlePatronInformation: Handler = (request, context) => {
  const { flavour } = context;
  const check = checkPatron(request, context.patrons, context.now());
  const { patron } = check;
  const summary = request.fixed.slice(21, 31);
  const counts = [patron?.holdItems.length ?? 0, 0, 0, patron && Number(patron.fines) > 0 ? 1 : 0, 0, 0];
  const head =
    statusHead(check, flavour, request.fixed.slice(0, 3), context.now()) + counts.map(count).join('');
  const fields: ResponseField[] = [
    ...identityFields(
      check,
      flavour,
      context.credentials.institution,
      flavour.cqWithoutPassword.patronInformation,
    ),
    ...(patron ? recordFields(patron, check, flavour, summary) : []),
    ...messageFields(check, flavour),
  ];
  return { text: composeResponse('64', head, fields) };
};
