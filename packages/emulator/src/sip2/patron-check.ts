import { NO_PRIVILEGES, type PatronStatusFlag } from './patron-status-flags.js';
import { fieldValue, type Sip2Request } from './request.js';
import type { Sip2Patron } from './seed.js';
import { isoDate } from './sip-date.js';

/** What the server found out about the patron a 23 or 63 names. */
export interface PatronCheck {
  /** The patron, or undefined for a barcode nobody has. */
  patron: Sip2Patron | undefined;
  /** The barcode as the request gave it (`AA`), echoed back for an unknown patron. */
  barcode: string;
  /** Whether `AD` matched the PIN; undefined when the request carried no `AD`. */
  passwordValid: boolean | undefined;
  expired: boolean;
  overFineLimit: boolean;
  /** The record's own flags, plus what an expired card sets; fines are the flavour's to flag. */
  flags: readonly PatronStatusFlag[];
}

export function checkPatron(request: Sip2Request, patrons: readonly Sip2Patron[], now: number): PatronCheck {
  const barcode = fieldValue(request, 'AA') ?? '';
  const password = fieldValue(request, 'AD');
  const patron = barcode === '' ? undefined : patrons.find((candidate) => candidate.barcode === barcode);
  if (!patron) {
    return { patron, barcode, passwordValid: undefined, expired: false, overFineLimit: false, flags: [] };
  }
  const expired = patron.expires < isoDate(now);
  return {
    patron,
    barcode,
    // A patron without a PIN matches an empty AD only: the emulator's rule, after Koha's account setting
    // `allow_empty_passwords`, under which an empty AD is a valid password.
    passwordValid: password === undefined ? undefined : password === patron.pin,
    expired,
    overFineLimit: Number(patron.fines) > Number(patron.feeLimit),
    flags: expired ? [...patron.flags, ...NO_PRIVILEGES] : patron.flags,
  };
}
