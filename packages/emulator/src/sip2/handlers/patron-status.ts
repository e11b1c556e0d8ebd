import type { Handler } from '../handler.js';
import { checkPatron } from '../patron-check.js';
import { identityFields, messageFields, statusHead } from '../patron-judgement.js';
import { composeResponse, type ResponseField } from '../response.js';

/** 23 → 24: patron status, language, date; AO, AA, AE, BL, CQ, BH, BV, AF, AG. */
export const handlePatronStatus: Handler = (request, context) => {
  const { flavour } = context;
  const check = checkPatron(request, context.patrons, context.now());
  const fields: ResponseField[] = [
    ...identityFields(
      check,
      flavour,
      context.credentials.institution,
      flavour.cqWithoutPassword.patronStatus,
    ),
    ...(check.patron
      ? ([
          ['BH', 'USD'],
          ['BV', check.patron.fines],
        ] as const)
      : []),
    ...messageFields(check, flavour),
  ];
  const head = statusHead(check, flavour, request.fixed.slice(0, 3), context.now());
  return { text: composeResponse('24', head, fields) };
};
