/** The 14 positions of a patron status, in wire order (NISO SIP 2.00, patron status). */
export const PATRON_STATUS_FLAGS = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
] as const;

export type PatronStatusFlag = (typeof PATRON_STATUS_FLAGS)[number];

/** What servers set when a patron may not borrow at all (an expired card, an unknown barcode). */
export const NO_PRIVILEGES: readonly PatronStatusFlag[] = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
];

/** The 14-character field: `Y` where a flag is set, a space where it is not. */
export function patronStatusField(flags: readonly PatronStatusFlag[]): string {
  let field = '';
  for (const flag of PATRON_STATUS_FLAGS) field += flags.includes(flag) ? 'Y' : ' ';
  return field;
}
