import type { PatronBlockReason } from './block-reasons.js';

/**
 * One library card holder, in the same shape whichever system they signed in with. Every date in it is a
 * calendar date `YYYY-MM-DD` (ISO 8601); a value the system sent in another shape is in `raw` only.
 */
export interface PatronProfile {
  /** The descriptor id of the system the patron signed in with. */
  provider: string;
  /** The patron's record id in that system (Sierra record number, OverDrive patronId, RERO user_id). */
  id: string;
  barcode?: string;
  /** As the system holds it; Sierra and RERO use "Last, First". */
  name?: string;
  email?: string;
  /** `YYYY-MM-DD`. */
  birthdate?: string;
  /** The last day the library card is valid, `YYYY-MM-DD` in the library's calendar. */
  expiresAt?: string;
  patronType?: string;
  /** The institutions (RERO organisations) the patron belongs to. */
  institutions?: PatronInstitution[];
  /** The patron's primary phone number, as the system holds it. */
  phone?: string;
  /** The code of the patron's home library or branch, as the system names it (Koha `library_id`, SIP2 `AQ`). */
  homeLibrary?: string;
  /**
   * What the library's system says stops the card from being used (a restriction, a card reported lost);
   * absent when it reports nothing. Signing in does not refuse these: the application decides, in its
   * `signIn` callback, what a blocked card may still do.
   */
  blocks?: PatronBlock[];
  /** What the patron owes the library, when the system lets us read it. */
  fines?: PatronFines;
  /** The system's own record, unchanged. */
  raw: unknown;
}

export interface PatronInstitution {
  code: string;
  patronId?: string;
  patronType?: string;
  /** `YYYY-MM-DD`, as `PatronProfile.expiresAt`. */
  expiresAt?: string;
}

/** One reason the system blocks a card. */
export interface PatronBlock {
  /** Stable, snake_case, from one vocabulary for every system (`PATRON_BLOCK_REASONS`: `restricted`, `card_lost`). */
  reason: PatronBlockReason;
  /** The system's own words, when it gives any. */
  description?: string;
}

export interface PatronFines {
  /** The outstanding balance, in the library's currency (positive: the patron owes). */
  amount: number;
  /** ISO 4217 code, when the system names it. */
  currency?: string;
  /** The balance above which the system blocks the patron, when it says (SIP2 `CC`). */
  limit?: number;
}
