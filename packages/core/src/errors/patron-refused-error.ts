import { IlsAuthError } from './ils-auth-error.js';

/**
 * The library system knows the patron and the PIN was right, but the card may not sign in (reported lost,
 * expired, privileges denied). `reason` is a short lower-case code a page may show (`?error=card_expired`),
 * as an application's own `signIn` refusal is; the message never names the card.
 */
export class PatronRefusedError extends IlsAuthError {
  readonly reason: string;

  constructor(reason: string, message: string, provider: string) {
    super('access_denied', message, { status: 403, provider });
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}
