import type { Sip2Flavour } from './flavours.js';
import type { PatronCheck } from './patron-check.js';
import { NO_PRIVILEGES, type PatronStatusFlag, patronStatusField } from './patron-status-flags.js';
import type { ResponseField } from './response.js';
import { sipDateTime } from './sip-date.js';

/** The 14-character patron status the flavour sends for this check (shared by 24 and 64). */
export function statusFlagsFor(check: PatronCheck, flavour: Sip2Flavour): string {
  if (!check.patron) return patronStatusField(NO_PRIVILEGES);
  const flags: PatronStatusFlag[] = [...check.flags];
  if (check.overFineLimit) {
    flags.push(...flavour.finesOverLimitFlags);
    if (flavour.flagsExcessiveFines) flags.push('excessiveOutstandingFines');
  }
  if (check.passwordValid === false) flags.push(...flavour.wrongPinFlags);
  return patronStatusField(flags);
}

/** CQ as the flavour sends it: Y or N after an AD, and without one `N` or nothing. */
function validPasswordField(check: PatronCheck, sentWithoutPassword: boolean): ResponseField[] {
  if (check.passwordValid === undefined) return sentWithoutPassword ? [['CQ', 'N']] : [];
  return [['CQ', check.passwordValid ? 'Y' : 'N']];
}

/** The screen messages (AF) and print lines (AG) closing a 24 or 64. */
export function messageFields(check: PatronCheck, flavour: Sip2Flavour): ResponseField[] {
  const { screen, print } = !check.patron
    ? { screen: flavour.unknownPatron.screenMessages, print: flavour.unknownPatron.printLines }
    : check.passwordValid === false
      ? flavour.wrongPinMessages
      : statusFlagsFor(check, flavour).trim() === ''
        ? flavour.okMessages
        : flavour.blockedMessages;
  return [
    ...screen.map((line): ResponseField => ['AF', line]),
    ...print.map((line): ResponseField => ['AG', line]),
  ];
}

/** The start of a 24 or 64: patron status, language, transaction date. */
export function statusHead(check: PatronCheck, flavour: Sip2Flavour, language: string, now: number): string {
  return `${statusFlagsFor(check, flavour)}${language}${sipDateTime(now, flavour.dateZone)}`;
}

/** AO, AA, AE, BL and CQ: whom the answer is about, and whether card and PIN are good (24 and 64 alike). */
export function identityFields(
  check: PatronCheck,
  flavour: Sip2Flavour,
  institution: string,
  cqWithoutPassword: boolean,
): ResponseField[] {
  if (!check.patron) {
    return [
      ['AO', institution],
      ['AA', check.barcode],
      ['AE', flavour.unknownPatron.name],
      ['BL', 'N'],
      ...(flavour.unknownPatron.cq ? ([['CQ', 'N']] as const) : []),
    ];
  }
  return [
    ['AO', institution],
    ['AA', check.patron.barcode],
    ['AE', check.patron.name],
    ['BL', 'Y'],
    ...validPasswordField(check, cqWithoutPassword),
  ];
}
