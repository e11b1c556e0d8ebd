/** One library card holder, in the same shape whichever system they signed in with. */
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
  /** When the library card expires, `YYYY-MM-DD` or an ISO date-time as the system gives it. */
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
  expiresAt?: string;
}
