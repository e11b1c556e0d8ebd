import type { PatronFines, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from '../providers/calendar-date.js';
import { compact } from '../providers/profile-fields.js';
import type { Sip2Dialect } from './sip2-dialect.js';
import { fieldOf, firstFieldOf, type Sip2Message } from './sip2-message.js';
import { raisedFlags } from './sip2-status-flags.js';

/** Fields that carry a credential, dropped from `raw` in case a server echoes them. */
const CREDENTIAL_FIELDS = new Set(['AC', 'AD', 'CN', 'CO']);

/** The patron's record id: the dialect's id field when the server sends one, else the barcode it echoed. */
export function sip2PatronId(message: Sip2Message, dialect: Sip2Dialect, barcode: string): string {
  return firstFieldOf(message, [...dialect.recordIdFields, 'AA']) ?? barcode;
}

/** The `PatronProfile` of a 64 (or 24) answer, read through the dialect. */
export function mapSip2Patron(
  message: Sip2Message,
  dialect: Sip2Dialect,
  context: { provider: string; barcode: string },
): PatronProfile {
  const blocks = raisedFlags(message.fixed.slice(0, 14));
  return compact({
    provider: context.provider,
    id: sip2PatronId(message, dialect, context.barcode),
    barcode: firstFieldOf(message, ['AA']) ?? context.barcode,
    name: firstFieldOf(message, ['AE']),
    email: firstFieldOf(message, ['BE']),
    phone: firstFieldOf(message, ['BF']),
    homeLibrary: firstFieldOf(message, ['AQ']),
    birthdate: sip2CalendarDate(firstFieldOf(message, dialect.birthdateFields)),
    expiresAt: sip2CalendarDate(firstFieldOf(message, dialect.expiryFields)),
    patronType: firstFieldOf(message, dialect.patronTypeFields),
    blocks: blocks.length > 0 ? blocks.map((reason) => ({ reason })) : undefined,
    fines: finesOf(message),
    raw: rawOf(message),
  });
}

/**
 * A SIP2 date (`YYYYMMDD`, `YYYYMMDDZZZZHHMMSS`, or with dashes) as `YYYY-MM-DD`; anything else is left
 * out of the profile (it stays in `raw`).
 */
export function sip2CalendarDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value.trim());
  return match ? calendarDate(`${match[1]}-${match[2]}-${match[3]}`) : undefined;
}

/** BV (fee amount) with BH (currency) and CC (fee limit); an amount that is not a number is left out. */
function finesOf(message: Sip2Message): PatronFines | undefined {
  const amount = decimal(fieldOf(message, 'BV'));
  if (amount === undefined) return undefined;
  const currency = fieldOf(message, 'BH')?.trim();
  return compact({
    amount,
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    limit: decimal(fieldOf(message, 'CC')),
  });
}

/** Whether the patron owes more than the limit the server sent (BV above CC). */
export function finesOverLimit(profile: PatronProfile): boolean {
  const { fines } = profile;
  return fines?.limit !== undefined && fines.amount > fines.limit;
}

/** `12.50`, `$12.50` or `12,50` as a number; anything else is left out of the profile (it stays in `raw`). */
function decimal(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^\s*\$?(-?\d+(?:[.,]\d+)?)\s*$/.exec(value);
  return match ? Number((match[1] as string).replace(',', '.')) : undefined;
}

function rawOf(message: Sip2Message): Record<string, unknown> {
  const fields: Record<string, readonly string[]> = {};
  for (const [id, values] of message.fields) if (!CREDENTIAL_FIELDS.has(id)) fields[id] = values;
  return { command: message.command, fixed: message.fixed, fields };
}
