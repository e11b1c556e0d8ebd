/** Which secret ended the string a request was signed over. */
export type SecretKind = 'none' | 'staff-secret' | 'patron-password' | 'patron-secret';

/**
 * One signature check, kept so that a test can compare what its client signed with what the server
 * computed. `signed` is the documented string to sign, `HTTPMethod + URI + PolarisDate`, exactly as the
 * emulator built it, **without** the secret that follows it: `secret` names which one that was (the
 * secret itself, a password or an AccessSecret, is never kept).
 */
export interface SignatureCheck {
  at: number;
  accessId: string;
  method: string;
  /** The full URL as the server received it: scheme, host, path and query. */
  url: string;
  /** The `PolarisDate` (or `Date`) header, as sent. */
  date: string;
  signed: string;
  /** The secret that made the signature match; when none did, the candidates, joined with `|`. */
  secret: string;
  valid: boolean;
  /** Why the request was refused, when it was. */
  problem?: string;
}

const MAX_CHECKS = 1000;

export class SignatureLog {
  #checks: SignatureCheck[] = [];

  add(check: SignatureCheck): void {
    this.#checks.push(check);
    if (this.#checks.length > 2 * MAX_CHECKS) this.#checks = this.#checks.slice(-MAX_CHECKS);
  }

  entries(): SignatureCheck[] {
    return this.#checks.slice(-MAX_CHECKS).map((check) => ({ ...check }));
  }

  clear(): void {
    this.#checks = [];
  }
}
