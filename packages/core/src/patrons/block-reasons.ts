/**
 * The reasons a library system gives for blocking a card, one vocabulary for every provider, so that an
 * application's `signIn` callback, a refusal's `reason` and `?error=` mean the same thing whichever system
 * the patron signed in with. The first fourteen are SIP2's patron status flags in wire order (SIP2 2.00;
 * ThePalaceProject/circulation `sip2/client.py`, Koha `C4/SIP/Sip/MsgType.pm`); Koha's REST record
 * (`restricted`, `patron_card_lost`) maps onto the same codes.
 */
export const PATRON_BLOCK_REASONS = [
  'charge_privileges_denied',
  'renewal_privileges_denied',
  'recall_privileges_denied',
  'hold_privileges_denied',
  'card_lost',
  'too_many_items_charged',
  'too_many_items_overdue',
  'too_many_renewals',
  'too_many_claims_of_items_returned',
  'too_many_items_lost',
  'excessive_fines',
  'excessive_fees',
  'recall_overdue',
  'too_many_items_billed',
  /** The card is past its last valid day. */
  'expired',
  /** A restriction the library put on the account (Koha's debarments). */
  'restricted',
] as const;

export type PatronBlockReason = (typeof PATRON_BLOCK_REASONS)[number];
