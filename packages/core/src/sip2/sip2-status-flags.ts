/**
 * The 14 patron status flags at the start of a 24 or 64 answer, in wire order (SIP2 2.00; the same list in
 * ThePalaceProject/circulation `sip2/client.py` and Koha `C4/SIP/Sip/MsgType.pm`). A space means no; any
 * other character means yes.
 */
export const SIP2_STATUS_FLAGS = [
  'charge_privileges_denied',
  'renewal_privileges_denied',
  'recall_privileges_denied',
  'hold_privileges_denied',
  'card_reported_lost',
  'too_many_items_charged',
  'too_many_items_overdue',
  'too_many_renewals',
  'too_many_claims_of_items_returned',
  'too_many_items_lost',
  'excessive_outstanding_fines',
  'excessive_outstanding_fees',
  'recall_overdue',
  'too_many_items_billed',
] as const;

export type Sip2StatusFlag = (typeof SIP2_STATUS_FLAGS)[number];

/** The flags a patron status string raises, in wire order. */
export function raisedFlags(status: string): Sip2StatusFlag[] {
  return SIP2_STATUS_FLAGS.filter((_, index) => {
    const flag = status[index];
    return flag !== undefined && flag !== ' ';
  });
}
