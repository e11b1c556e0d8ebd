import type { Handler } from '../handler.js';
import { composeResponse } from '../response.js';
import { sipDateTime } from '../sip-date.js';

// Supported messages (BX), in the standard's order: patron status, checkout, checkin, block patron,
// SC/ACS status, resend, login, patron information, end patron session, fee paid, item information,
// item status update, patron enable, hold, renew, renew all.
const SUPPORTED_MESSAGES = 'YNNNYYYYYNNNNNNN';

/**
 * 99 → 98: online, no circulation (checkin and checkout refused), no offline use; timeout 010 (tenths of
 * a second), 3 retries, the date, protocol 2.00, then AO, AM, BX, AN.
 */
export const handleScStatus: Handler = (_request, context) => ({
  text: composeResponse('98', `YNNNNN010003${sipDateTime(context.now(), context.flavour.dateZone)}2.00`, [
    ['AO', context.credentials.institution],
    ['AM', context.libraryName],
    ['BX', SUPPORTED_MESSAGES],
    ['AN', context.credentials.locationCode],
  ]),
});
