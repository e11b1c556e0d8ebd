import type { Handler } from '../handler.js';
import { fieldValue } from '../request.js';
import { composeResponse } from '../response.js';
import { sipDateTime } from '../sip-date.js';

/** 35 → 36: session ended (`Y`), the date, AO, AA echoed. The connection and its login stay. */
export const handleEndSession: Handler = (request, context) => ({
  text: composeResponse('36', `Y${sipDateTime(context.now(), context.flavour.dateZone)}`, [
    ['AO', context.credentials.institution],
    ['AA', fieldValue(request, 'AA') ?? ''],
  ]),
});
