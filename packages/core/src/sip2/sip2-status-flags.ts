import { PATRON_BLOCK_REASONS, type PatronBlockReason } from '../patrons/block-reasons.js';

/** The block reasons SIP2's 14 patron status flags stand for. */
export type Sip2StatusFlag = Exclude<PatronBlockReason, 'expired' | 'restricted'>;

/**
 * The 14 patron status flags at the start of a 24 or 64 answer, in wire order, named by the shared block
 * reasons (SIP2 2.00; the same list in ThePalaceProject/circulation `sip2/client.py` and Koha
 * `C4/SIP/Sip/MsgType.pm`). A space means no; any other character means yes.
 */
export const SIP2_STATUS_FLAGS = PATRON_BLOCK_REASONS.slice(0, 14) as readonly Sip2StatusFlag[];

/** The flags a patron status string raises, in wire order. */
export function raisedFlags(status: string): Sip2StatusFlag[] {
  return SIP2_STATUS_FLAGS.filter((_, index) => {
    const flag = status[index];
    return flag !== undefined && flag !== ' ';
  });
}
