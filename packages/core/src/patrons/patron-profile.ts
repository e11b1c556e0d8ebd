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
  /** As the system holds it. */
  phone?: string;
  /** The code of the patron's home library or branch, as the system names it. */
  homeLibrary?: string;
  /** Present when the system reports blocks on the card; each reason is a lower-case code (`card_reported_lost`). */
  blocked?: PatronBlock;
  /** What the patron owes, when the system says. */
  fines?: PatronFines;
  /** The institutions (RERO organisations) the patron belongs to. */
  institutions?: PatronInstitution[];
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

export interface PatronBlock {
  readonly reasons: readonly string[];
}

export interface PatronFines {
  /** A decimal amount as the system wrote it, normalised to digits and one `.` (`12.50`). */
  readonly amount: string;
  /** ISO 4217 code, when the system sends one. */
  readonly currency?: string;
  /** The amount above which the system blocks the patron, when it says. */
  readonly limit?: string;
}
