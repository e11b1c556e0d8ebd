import { printAs } from '../internal/print-as.js';
import type { PatronProfile } from './patron-profile.js';

/**
 * A signed-in patron as the application sees it. Tokens stay in the store; `id` is the only thing the
 * browser should hold (in an httpOnly cookie). The id is a bearer credential, so it is hidden from
 * `JSON.stringify` and `util.inspect`; read it from the property.
 */
export interface PatronSession {
  readonly id: string;
  readonly provider: string;
  readonly patronId: string | undefined;
  readonly profile: PatronProfile | undefined;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms after which the patron must sign in again. */
  readonly expiresAt: number;
  /** The provider can renew the patron's token without them (RERO); otherwise they sign in again. */
  readonly refreshable: boolean;
}

/** A session that sign-in started with the patron's profile (the default `fetchProfile`). */
export interface SignedInPatronSession extends PatronSession {
  readonly profile: PatronProfile;
}

/**
 * What every session prints as, on the prototype they share: a session is made on every sign-in, and two
 * property definitions on each cost twenty times what making it otherwise does.
 */
const PRINTED_SESSION = printAs({}, 'PatronSession', function view(this: PatronSession) {
  return { ...this, id: '[redacted]' };
});

export function patronSession(fields: PatronSession): PatronSession {
  return Object.freeze(Object.assign(Object.create(PRINTED_SESSION) as PatronSession, fields));
}
