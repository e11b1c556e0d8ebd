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
